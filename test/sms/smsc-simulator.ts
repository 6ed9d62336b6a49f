import * as smpp from 'smpp';

export interface ReceivedSms {
  systemId: string;
  destination: string;
  destTon: number;
  source: string;
  text: string;
}

/**
 * A real SMPP server (the `smpp` package's server side) standing in for a county's SMSC. It
 * accepts bind_transmitter with one system id and password, answers submit_sm, and can be told
 * to refuse the next binds (ESME_RBINDFAIL) or throttle the next submissions (ESME_RTHROTTLED).
 */
export class SmscSimulator {
  readonly received: ReceivedSms[] = [];
  binds = 0;
  submits = 0;
  /** submit_sm refused because short_message held more than one SMS. */
  tooLong = 0;
  refuseBinds = 0;
  throttleSubmits = 0;
  private server: smpp.Server | null = null;
  private sessions = new Set<smpp.Session>();

  constructor(
    readonly systemId = 'kusel',
    readonly password = 'geheim1',
  ) {}

  get url(): string {
    return `smpp://127.0.0.1:${this.server!.address().port}`;
  }

  async start(): Promise<this> {
    this.server = smpp.createServer((session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => undefined);
      session.on('bind_transmitter', (pdu: smpp.Pdu) => {
        this.binds++;
        let status = smpp.ESME_ROK;
        if (this.refuseBinds > 0) {
          this.refuseBinds--;
          status = smpp.ESME_RBINDFAIL;
        } else if (pdu.system_id !== this.systemId) status = smpp.ESME_RINVSYSID;
        else if (pdu.password !== this.password) status = smpp.ESME_RINVPASWD;
        session.send(pdu.response({ command_status: status }));
        if (status !== smpp.ESME_ROK) session.close();
      });
      session.on('submit_sm', (pdu: smpp.Pdu) => {
        this.submits++;
        if (this.throttleSubmits > 0) {
          this.throttleSubmits--;
          session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
          return;
        }
        // An SMSC takes at most one SMS in short_message: 160 characters of the GSM alphabet,
        // an escaped one such as € or [ counting two, or 140 octets in Latin-1 or UCS-2.
        const short = (pdu.short_message as { message?: string } | undefined)?.message;
        const coding = Number(pdu.data_coding) & 0x0f;
        const name = coding === 8 ? 'UCS2' : coding === 3 ? 'LATIN1' : 'ASCII';
        const octets = short ? smpp.encodings[name].encode(short).length : 0;
        if (octets > (name === 'ASCII' ? 160 : 140)) {
          this.tooLong++;
          session.send(pdu.response({ command_status: smpp.ESME_RINVMSGLEN }));
          return;
        }
        const body = (pdu.short_message as { message?: string } | undefined)?.message
          ? pdu.short_message
          : pdu.message_payload;
        this.received.push({
          systemId: this.systemId,
          destination: String(pdu.destination_addr),
          destTon: Number(pdu.dest_addr_ton),
          source: String(pdu.source_addr),
          text: String((body as { message: string }).message),
        });
        session.send(pdu.response({ message_id: String(this.received.length) }));
      });
      session.on('enquire_link', (pdu: smpp.Pdu) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.Pdu) => {
        session.send(pdu.response());
        session.close();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
