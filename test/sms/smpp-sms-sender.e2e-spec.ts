import { SmppOptions, SmppSmsSender, SmsSendError } from '@app/application';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { SmscSimulator } from './smsc-simulator';

const options = (smsc: SmscSimulator, over: Partial<SmppOptions> = {}): SmppOptions => ({
  url: smsc.url,
  systemId: 'kusel',
  password: 'geheim1',
  systemType: '',
  sourceAddr: 'Rufbus KUS',
  maxPerSecond: 50,
  attempts: 3,
  retryDelayMs: 10,
  responseTimeoutMs: 2000,
  ...over,
});

/** Sign-in codes over SMPP, against a real SMPP server started here (the `smpp` package). */
describe('SMS over SMPP', () => {
  let smsc: SmscSimulator;
  const senders: SmppSmsSender[] = [];
  const sender = (over: Partial<SmppOptions> = {}) => {
    const s = new SmppSmsSender(options(smsc, over));
    senders.push(s);
    return s;
  };

  beforeEach(async () => {
    smsc = await new SmscSimulator().start();
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.onApplicationShutdown()));
    await smsc.stop();
  });

  describe('through the booking API', () => {
    let h: BookingApiHarness;
    afterEach(() => h?.close());

    it('delivers the sign-in code as a submit_sm to the number, and the code signs in', async () => {
      h = await startBookingApi({
        SMS_TRANSPORT: 'smpp',
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: 'kusel',
        SMPP_PASSWORD: 'geheim1',
        SMPP_SOURCE_ADDR: 'Rufbus KUS',
        SMS_RETRY_DELAY_MS: '10',
      });
      await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 6701' }).expect(202);
      expect(smsc.received).toHaveLength(1);
      const sms = smsc.received[0];
      expect(sms).toMatchObject({ destination: '4915123456701', destTon: 1, source: 'Rufbus KUS' });
      expect(sms.text).toMatch(
        /^Ihr Anmeldecode für den Rufbus Kusel: \d{6} \(gültig 5 Minuten\)$/,
      );
      const code = /\d{6}/.exec(sms.text)![0];
      const res = await h.http
        .post('/v1/auth/otp/verify')
        .send({ phone: '+49 151 23456701', code })
        .expect(200);
      expect(res.body.role).toBe('rider');
    });

    it('answers 503 sms_unavailable when the SMSC keeps throttling', async () => {
      h = await startBookingApi({
        SMS_TRANSPORT: 'smpp',
        SMPP_URL: smsc.url,
        SMPP_SYSTEM_ID: 'kusel',
        SMPP_PASSWORD: 'geheim1',
        SMS_RETRY_DELAY_MS: '10',
      });
      smsc.throttleSubmits = 100;
      const res = await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 6702' }).expect(503);
      expect(res.body.code).toBe('sms_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  it('retries a refused bind and then delivers', async () => {
    smsc.refuseBinds = 2;
    await sender().send('+4915123456703', 'Hallo');
    expect(smsc.binds).toBe(3);
    expect(smsc.received.map((r) => r.text)).toEqual(['Hallo']);
  });

  it('surfaces a bind that keeps failing as a clear error after its tries', async () => {
    smsc.refuseBinds = 100;
    const error = await sender()
      .send('+4915123456704', 'Hallo')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as Error).message).toMatch(/bind_transmitter answered ESME_RBINDFAIL.*3 tries/);
    expect(smsc.binds).toBe(3);
    expect(smsc.received).toHaveLength(0);
  });

  it('does not retry a wrong password, and says so', async () => {
    const error = await sender({ password: 'falsch' })
      .send('+4915123456705', 'Hallo')
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/ESME_RINVPASWD/);
    expect((error as SmsSendError).transient).toBe(false);
    expect(smsc.binds).toBe(1);
  });

  it('retries a throttled submission and then delivers it once', async () => {
    smsc.throttleSubmits = 2;
    await sender().send('+4915123456706', 'Ihr Anmeldecode: 123456');
    expect(smsc.submits).toBe(3);
    expect(smsc.received).toEqual([
      expect.objectContaining({ destination: '4915123456706', text: 'Ihr Anmeldecode: 123456' }),
    ]);
  });

  it('surfaces a server that keeps throttling as a clear error', async () => {
    smsc.throttleSubmits = 100;
    const error = await sender()
      .send('+4915123456707', 'Hallo')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as Error).message).toMatch(/submit_sm answered ESME_RTHROTTLED.*3 tries/);
    expect(smsc.submits).toBe(3);
  });

  it('keeps one bound session for many messages, and sends a long text whole', async () => {
    const s = sender();
    const long = `Ihre Fahrt wurde geändert. ${'Neue Abholzeit 07:42 an Albessen, Ortsmitte. '.repeat(5)}`;
    await Promise.all([s.send('+4915123456708', 'eins'), s.send('+4915123456709', 'zwei')]);
    await s.send('+4915123456710', long);
    expect(smsc.binds).toBe(1);
    expect(smsc.received.map((r) => r.text)).toEqual(['eins', 'zwei', long]);
  });
  it('sends a text of at most 160 characters that needs more than one SMS (€, brackets) whole, in message_payload', async () => {
    const s = sender();
    // 150 characters, 170 septets: each € is sent as an escape and a character.
    const euros = `Fahrt abgesagt. Das Taxi kostet 12 € statt 15 €. ${'€'.repeat(16)} Bitte rufen Sie die Leitstelle an: 06381 4240, werktags [8-16 Uhr].`;
    const brackets = '[Hinweis] '.repeat(15); // 150 characters, 180 septets
    expect([euros.length <= 160, brackets.length <= 160]).toEqual([true, true]);
    await s.send('+4915123456711', euros);
    await s.send('+4915123456712', brackets);
    expect(smsc.tooLong).toBe(0);
    expect(smsc.received.map((r) => r.text)).toEqual([euros, brackets]);
  });
});
