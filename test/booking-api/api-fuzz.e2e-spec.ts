import { TokenService } from '@app/auth';
import { WsEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { connect, startGateway, TestClient } from '../realtime/realtime-harness';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/**
 * Property-based fuzzing of the whole HTTP API and the realtime gateway (issue 11): requests are
 * generated from the OpenAPI document's own schemas, then made hostile (wrong types, huge
 * numbers, odd unicode, nesting, bad ids), sent with a rider's, another rider's, a driver's, an
 * operator's, a forged or no token. Nothing may answer 5xx, nothing may crash, and no rider may
 * see another rider's data. Fixed seed: a failure is reproducible.
 */

/** A body of `depth` nested arrays, sent as raw text. */
class DeepJson {
  constructor(readonly depth: number) {}
  text(): string {
    return '['.repeat(this.depth) + ']'.repeat(this.depth);
  }
}

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
};
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e\u0301\ufeff',
  '😀'.repeat(40),
  'ä'.repeat(3000),
  "'; DROP TABLE bookings; --",
  '../../etc/passwd',
  '%00',
  '+01',
  '2026-02-30T07:40:00+01:00',
  '2026-W48-1T07:40:00+01:00',
  '1e400',
  'NaN',
  '-1',
  '9'.repeat(40),
  '00000000-0000-0000-0000-000000000000',
  'null',
  '{"a":1}',
  '__proto__',
  'constructor',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, 0, 0.5, -0, 2 ** 31, -(2 ** 31) - 1),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const nested = fc.integer({ min: 2, max: 40 }).map((d) => {
  let v: unknown = 1;
  for (let i = 0; i < d; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  nested,
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
);

describe('fuzzing the HTTP API and the realtime gateway: no 5xx, no crash, no foreign data', () => {
  let h: BookingApiHarness;
  let gateway: { app: INestApplication; url: string };
  let doc: OpenApi;
  const tokens: Record<string, string | undefined> = {};
  const ids: Record<string, string> = {};
  /** What belongs to rider A alone: B must never get it in a successful answer. */
  const secretsOfA: string[] = [];

  beforeAll(async () => {
    h = await startBookingApi();
    gateway = await startGateway(h.config);
    const a = await h.http
      .post('/v1/dev/tokens')
      .send({ role: 'rider', name: 'Annegret Fuzzwiese' });
    const b = await h.http.post('/v1/dev/tokens').send({ role: 'rider', name: 'Bertold' });
    const [driver] = await h.ds.query(`SELECT id FROM drivers ORDER BY id LIMIT 1`);
    const d = await h.http.post('/v1/dev/tokens').send({ role: 'driver', subject: driver.id });
    tokens.riderA = a.body.token;
    tokens.riderB = b.body.token;
    tokens.driver = d.body.token;
    tokens.operator = await h.operatorToken();
    tokens.forged = `${a.body.token.split('.').slice(0, 2).join('.')}.forged`;
    tokens.none = undefined;
    // Signed with the right key, but its subject is no driver id.
    tokens.oddSubject = h.app
      .get(TokenService)
      .sign({ sub: 'not-a-uuid', role: 'driver', countyId: h.seed.countyId });
    const booking = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${tokens.riderA}`)
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('07:40').toISOString(),
        passengers: 1,
      })
      .expect(201);
    ids.bookingOfA = booking.body.id;
    ids.riderA = a.body.subject;
    ids.riderB = b.body.subject;
    ids.driver = driver.id;
    ids.stop = h.stop('eva-8003481');
    const [vehicle] = await h.ds.query(`SELECT id FROM vehicles ORDER BY id LIMIT 1`);
    const [shift] = await h.ds.query(`SELECT id FROM shifts ORDER BY id LIMIT 1`);
    const [area] = await h.ds.query(`SELECT id FROM service_areas LIMIT 1`);
    ids.vehicle = vehicle.id;
    ids.shift = shift.id;
    ids.area = area.id;
    secretsOfA.push(ids.bookingOfA, 'Annegret Fuzzwiese');
    doc = (await h.http.get('/docs/openapi.json').expect(200)).body;
  }, 120_000);

  afterAll(async () => {
    await gateway?.app.close();
    await h?.close();
  });

  const resolve = (s: Schema): Schema => {
    if (!s.$ref) return s;
    return doc.components!.schemas![s.$ref.replace('#/components/schemas/', '')];
  };

  /** Values that fit the schema (most of the time valid input, so requests get deep). */
  const fromSchema = (raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    if (!raw || depth > 4) return hostileValue;
    const s = resolve(raw);
    if (s.allOf?.length) return fromSchema(s.allOf[0], depth + 1);
    if (s.oneOf?.length || s.anyOf?.length)
      return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => fromSchema(x, depth + 1)));
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'string':
        if (s.format === 'date-time' || /At$|time|from|to/i.test(s.format ?? ''))
          return fc.constant(nextWeekdayAt('08:00').toISOString());
        return fc.oneof(
          fc.constantFrom(...Object.values(ids)),
          fc.constant(nextWeekdayAt('09:10').toISOString()),
          fc.string({ maxLength: 20 }),
        );
      case 'integer':
        return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 });
      case 'number':
        return fc.double({ min: s.minimum ?? -90, max: s.maximum ?? 90, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(fromSchema(s.items, depth + 1), { maxLength: 3 });
      case 'object':
      default: {
        const props = Object.entries(s.properties ?? {});
        if (!props.length)
          return fc.dictionary(fc.string({ maxLength: 6 }), hostileValue, { maxKeys: 2 });
        return fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])), {
          requiredKeys: s.required ?? [],
        });
      }
    }
  };

  /** A valid-looking value, then maybe one hostile change: a field of the wrong kind, one gone, one unknown. */
  const mutated = (schema: Schema | undefined): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 2, arbitrary: fromSchema(schema) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fromSchema(schema), fc.string({ maxLength: 12 }), hostileValue, fc.nat())
          .map(([v, key, bad, pick]) => {
            if (!v || typeof v !== 'object' || Array.isArray(v)) return bad;
            const keys = Object.keys(v);
            const copy: Record<string, unknown> = { ...(v as object) };
            if (keys.length && pick % 3 === 0) copy[keys[pick % keys.length]] = bad;
            else if (keys.length && pick % 3 === 1) delete copy[keys[pick % keys.length]];
            else copy[key] = bad;
            return copy;
          }),
      },
      { weight: 1, arbitrary: hostileValue },
    );

  /** Query values as a client could type them, aimed at numbers and dates. */
  const hostileQueryValue = fc.constantFrom(
    '1e20',
    '1e400',
    '99999999999999999999',
    '9007199254740993',
    '-1',
    '1.5',
    '0x10',
    'Infinity',
    'NaN',
    '',
    '+01',
    '2026-11-23T07+01:00',
    '2026-02-30T07:40:00+01:00',
    'requested,confirmed,nope',
  );

  const idLike = fc.oneof(
    { weight: 3, arbitrary: fc.constant('bookingOfA') },
    fc.constantFrom(
      ...['bookingOfA', 'riderA', 'riderB', 'driver', 'stop', 'vehicle', 'shift', 'area'],
    ),
    fc.constant('random'),
    hostileString,
  );

  it('every route of the OpenAPI document: never 5xx, never another rider’s data', async () => {
    const operations: Array<{ method: string; path: string; op: Operation }> = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // The what-if replays a whole day in-process; one run is a benchmark, not a fuzz case.
        if (path.includes('what-if')) continue;
        operations.push({ method, path, op });
      }
    }
    expect(operations.length).toBeGreaterThan(30);

    const requestArb = fc.constantFrom(...operations).chain(({ method, path, op }) => {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      return fc
        .record({
          method: fc.constant(method),
          path: fc.constant(path),
          pathValues: fc.tuple(...pathParams.map(() => idLike)),
          query: fc.tuple(
            ...queryParams.map((p) =>
              fc.option(
                fc.oneof(
                  { weight: 2, arbitrary: fromSchema(p.schema) },
                  { weight: 2, arbitrary: hostileQueryValue },
                  { weight: 1, arbitrary: hostileValue },
                ),
                { nil: undefined, freq: 2 },
              ),
            ),
          ),
          body: fc.oneof(
            {
              weight: 9,
              arbitrary: bodySchema
                ? mutated(bodySchema)
                : fc.option(hostileValue, { nil: undefined }),
            },
            // Nesting far past the bound: refused before parsing (once a stack overflow).
            {
              weight: 1,
              arbitrary: fc.integer({ min: 33, max: 40_000 }).map((n) => new DeepJson(n)),
            },
          ),
          who: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom('riderA', 'riderB', 'operator') },
            { weight: 2, arbitrary: fc.constantFrom('driver', 'oddSubject', 'forged', 'none') },
          ),
        })
        .map((r) => ({ ...r, pathParams, queryParams }));
    });

    let sent = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        let url = r.path;
        r.pathParams.forEach((p, i) => {
          const v = r.pathValues[i] as string;
          const value = v === 'random' ? randomUUID() : (ids[v] ?? v);
          url = url.replace(`{${p.name}}`, encodeURIComponent(value));
        });
        const qs = r.queryParams
          .map((p, i): [string, unknown] | null =>
            r.query[i] === undefined ? null : [p.name, r.query[i]],
          )
          .filter((x): x is [string, unknown] => x !== null)
          .map(
            ([k, v]) =>
              `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`,
          )
          .join('&');
        const target = qs ? `${url}?${qs}` : url;
        const req = (h.http as unknown as Record<string, (u: string) => import('supertest').Test>)[
          r.method
        ](target);
        if (tokens[r.who]) req.set('Authorization', `Bearer ${tokens[r.who]}`);
        if (r.body !== undefined && r.method !== 'get')
          req
            .set('content-type', 'application/json')
            .send(r.body instanceof DeepJson ? r.body.text() : JSON.stringify(r.body));
        const res = await req;
        sent++;
        if (res.status >= 500) {
          throw new Error(
            `${r.method.toUpperCase()} ${target} as ${r.who} → ${res.status} ${res.text.slice(0, 300)}`,
          );
        }
        if (r.who === 'riderB' && res.status < 300) {
          const text = res.text ?? '';
          for (const secret of secretsOfA) {
            if (text.includes(secret))
              throw new Error(`${r.method} ${target}: rider B saw ${secret}`);
          }
        }
      }),
      { seed: 11, numRuns: 3000, endOnFailure: true },
    );
    expect(sent).toBe(3000);
    // And the API still answers normally.
    await h.http
      .get(`/v1/bookings/${ids.bookingOfA}`)
      .set('Authorization', `Bearer ${tokens.riderA}`)
      .expect(200);
  }, 240_000);

  it('a NUL character in any string of a body is a 400 naming the field, never a 500', async () => {
    // PostgreSQL cannot store U+0000: a stop, driver or rider named with one, or a note or a
    // cancellation reason holding one, reached the database and answered 500.
    const nul = 'Anna\u0000Berta';
    const cases: Array<[string, string, string | undefined, object, string]> = [
      [
        'post',
        '/v1/admin/stops',
        tokens.operator,
        { name: nul, kind: 'village', lat: 49.5, lon: 7.4 },
        'name',
      ],
      ['post', '/v1/admin/drivers', tokens.operator, { name: nul }, 'name'],
      [
        'post',
        '/v1/admin/riders',
        tokens.operator,
        { name: nul, phone: '+49 151 23456789' },
        'name',
      ],
      ['patch', `/v1/admin/riders/${ids.riderA}`, tokens.operator, { notes: nul }, 'notes'],
      ['post', `/v1/bookings/${ids.bookingOfA}/cancel`, tokens.riderA, { reason: nul }, 'reason'],
      ['post', '/v1/auth/otp', undefined, { phone: '0151 2345\u00006789' }, 'phone'],
    ];
    for (const [method, url, token, body, field] of cases) {
      const req = (h.http as unknown as Record<string, (u: string) => import('supertest').Test>)[
        method
      ](url);
      if (token) req.set('Authorization', `Bearer ${token}`);
      const res = await req.set('content-type', 'application/json').send(JSON.stringify(body));
      expect({ url, status: res.status, errors: res.body.errors }).toEqual({
        url,
        status: 400,
        errors: [expect.objectContaining({ field, code: 'nul_character' })],
      });
    }
    // An escaped backslash before u0000 is text, not a NUL: the request goes through.
    await h.http
      .post(`/v1/admin/riders`)
      .set('Authorization', `Bearer ${tokens.operator}`)
      .send({ name: 'C:\\u0000 Pfad' })
      .expect(201);
  });

  it('every socket event: no internal error, no crash, no other rider’s booking', async () => {
    const clients: Record<string, TestClient> = {
      riderA: await connect(gateway.url, tokens.riderA!),
      riderB: await connect(gateway.url, tokens.riderB!),
      driver: await connect(gateway.url, tokens.driver!),
      operator: await connect(gateway.url, tokens.operator!),
    };
    const events = [WsEvent.vehiclePosition, WsEvent.stopEvent, WsEvent.subscribe];
    const payload = fc.oneof(
      fc.record(
        {
          bookingId: fc.oneof(fc.constant(ids.bookingOfA), fc.uuid(), hostileString),
          vehicleId: fc.oneof(fc.constant(ids.vehicle), fc.uuid(), hostileString),
          serviceAreaId: fc.oneof(fc.constant(ids.area), hostileString),
          stopId: fc.oneof(fc.constant(ids.stop), hostileString),
          kind: fc.oneof(
            fc.constantFrom(
              'arrived',
              'boarded',
              'no_show',
              'departed',
              'booking',
              'vehicle',
              'area',
            ),
            hostileString,
          ),
          lat: fc.oneof(
            fc.double({ min: 49.3, max: 49.7, noNaN: true }),
            hostileNumber,
            hostileValue,
          ),
          lon: fc.oneof(
            fc.double({ min: 7.2, max: 7.6, noNaN: true }),
            hostileNumber,
            hostileValue,
          ),
          at: fc.oneof(fc.constant(new Date().toISOString()), hostileString),
          speedKmh: hostileNumber,
          headingDeg: hostileNumber,
        },
        { requiredKeys: [] },
      ),
      hostileValue,
    );
    let acks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(clients)),
        fc.oneof(fc.constantFrom(...events), fc.string({ maxLength: 10 })),
        payload,
        async (who, event, body) => {
          const client = clients[who];
          if ((events as string[]).includes(event)) {
            const ack = (await client.socket.timeout(5000).emitWithAck(event, body)) as {
              ok: boolean;
              error?: { code: string };
            };
            acks++;
            if (!ack.ok && ack.error?.code === 'internal') {
              throw new Error(`${event} as ${who} with ${JSON.stringify(body)}: internal error`);
            }
          } else {
            client.socket.emit(event, body);
          }
          if (!client.socket.connected) throw new Error(`${who} was disconnected by ${event}`);
        },
      ),
      { seed: 11, numRuns: 600, endOnFailure: true },
    );
    expect(acks).toBeGreaterThan(100);
    // Still alive, and rider B never got anything of rider A's.
    const again = await connect(gateway.url, tokens.riderB!);
    again.close();
    const seenByB = JSON.stringify(clients.riderB.received);
    for (const secret of secretsOfA) expect(seenByB).not.toContain(secret);
    for (const c of Object.values(clients)) c.close();
  }, 120_000);
});
