import { SipgateSmsSender, SmsSendError } from '@app/application';
import { createServer, IncomingMessage, Server } from 'node:http';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * A local stand-in for sipgate's REST API that accepts only the documented request
 * (`POST /v2/sessions/sms`, Basic auth with token id and token, JSON `{smsId, recipient,
 * message}`) and answers as sipgate does: 204, or the documented error statuses.
 */
async function startSipgate(answer: () => number = () => 204) {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        /* left null: a 400 below */
      }
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const expectedAuth = `Basic ${Buffer.from('token-id-1:token-secret').toString('base64')}`;
      const b = body as Record<string, unknown> | null;
      let status = answer();
      if (req.method !== 'POST') status = 405;
      else if (req.url !== '/v2/sessions/sms') status = 404;
      else if (req.headers.authorization !== expectedAuth) status = 401;
      else if (req.headers['content-type'] !== 'application/json') status = 415;
      else if (!b || b.smsId !== 's0' || typeof b.recipient !== 'string' || !b.message)
        status = 400;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('SMS through sipgate', () => {
  let sipgate: Awaited<ReturnType<typeof startSipgate>>;
  afterEach(() => sipgate?.close());

  const sender = (over: Partial<ConstructorParameters<typeof SipgateSmsSender>[0]> = {}) =>
    new SipgateSmsSender({
      baseUrl: sipgate.baseUrl,
      tokenId: 'token-id-1',
      token: 'token-secret',
      smsId: 's0',
      attempts: 3,
      retryDelayMs: 10,
      timeoutMs: 2000,
      ...over,
    });

  it('sends the sign-in code from the booking API with the documented request', async () => {
    sipgate = await startSipgate();
    const h: BookingApiHarness = await startBookingApi({
      SMS_TRANSPORT: 'sipgate',
      SIPGATE_BASE_URL: sipgate.baseUrl,
      SIPGATE_TOKEN_ID: 'token-id-1',
      SIPGATE_TOKEN: 'token-secret',
      SIPGATE_SMS_ID: 's0',
    });
    try {
      await h.http.post('/v1/auth/otp').send({ phone: '0171 234 5678' }).expect(202);
      expect(sipgate.seen).toHaveLength(1);
      const [req] = sipgate.seen;
      expect(req).toMatchObject({ method: 'POST', path: '/v2/sessions/sms' });
      expect(req.headers.accept).toBe('application/json');
      expect(req.body).toEqual({
        smsId: 's0',
        recipient: '+491712345678',
        message: expect.stringMatching(/^Ihr Anmeldecode für den Rufbus Kusel: \d{6} /),
      });
    } finally {
      await h.close();
    }
  });

  it('fails at once with a clear reason on wrong credentials', async () => {
    sipgate = await startSipgate();
    const error = await sender({ token: 'wrong' })
      .send('+491712345678', 'Hallo')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect((error as Error).message).toMatch(/token id or token is wrong \(401\)/);
    expect(sipgate.seen).toHaveLength(1);
  });

  it('retries when sipgate is busy and delivers once', async () => {
    const answers = [503, 429, 204];
    sipgate = await startSipgate(() => answers.shift() ?? 204);
    await sender().send('+491712345678', 'Hallo');
    expect(sipgate.seen).toHaveLength(3);
  });

  it('surfaces sipgate staying down as a clear error after its tries', async () => {
    sipgate = await startSipgate(() => 500);
    const error = await sender()
      .send('+491712345678', 'Hallo')
      .catch((e: unknown) => e);
    expect((error as SmsSendError).transient).toBe(true);
    expect((error as Error).message).toMatch(/sipgate answered 500 \(after 3 tries\)/);
  });
});
