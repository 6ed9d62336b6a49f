import { isValidTimeZone } from '@app/domain';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The whole runtime configuration, read from environment variables once at boot.
 * A missing or bad value stops the process with a message naming the variable.
 */
const DEV_JWT_SECRET = 'dev-only-secret-never-use-in-production-0123456789';

const boolFromEnv = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z
      .string()
      .url()
      .refine((u) => u.startsWith('postgres://') || u.startsWith('postgresql://'), {
        message: 'must be a postgres:// URL',
      })
      .default('postgres://postgres@127.0.0.1:5432/ridepool'),
    REDIS_URL: z
      .string()
      .url()
      .refine((u) => u.startsWith('redis://') || u.startsWith('rediss://'), {
        message: 'must be a redis:// URL',
      })
      .default('redis://127.0.0.1:6379'),
    /** HS256 secret shared by booking API and realtime gateway (one key, kid `default`). */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Lifetime of development tokens (`POST /v1/dev/tokens`), seconds. */
    JWT_TTL_S: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 3600),
    // --- Sign-in and tokens (issue 10, transport office) ---
    /**
     * Signing keys for key rotation: `kid:secret,kid:secret` (secrets of 32+ characters).
     * Tokens are signed with JWT_ACTIVE_KID and accepted under any listed key. Replaces JWT_SECRET.
     */
    JWT_KEYS: z
      .string()
      .transform((v, ctx) => parseKeyring(v, ctx))
      .optional(),
    /** The key id new tokens are signed with; default: the first of JWT_KEYS. */
    JWT_ACTIVE_KID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional(),
    /** Lifetime of access tokens, seconds (15 minutes). */
    ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
    /** Lifetime of a refresh token, seconds; each use rotates it (30 days). */
    REFRESH_TOKEN_TTL_S: z.coerce
      .number()
      .int()
      .min(60)
      .max(400 * 86_400)
      .default(30 * 86_400),
    /**
     * Drivers sign in for the shift running now or the next one beginning within this many
     * minutes; earlier, sign-in is refused (`no_current_shift`).
     */
    DRIVER_SIGN_IN_LEAD_MIN: z.coerce.number().int().min(0).max(720).default(30),
    /** A driver's access token expires at the latest this many seconds after the shift's end. */
    DRIVER_TOKEN_GRACE_S: z.coerce.number().int().min(0).max(3600).default(300),
    /** OpenID Connect for the console; unset OIDC_ISSUER_URL: no OIDC sign-in. */
    OIDC_ISSUER_URL: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Where the identity provider sends the browser back: <public API>/v1/auth/oidc/callback. */
    OIDC_REDIRECT_URI: z.string().url().optional(),
    OIDC_SCOPES: z.string().default('openid profile email'),
    /** Claim holding the user's groups or roles; a dotted path reaches nested claims. */
    OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
    OIDC_OPERATOR_GROUP: z.string().min(1).default('ridepool-operator'),
    OIDC_ADMIN_GROUP: z.string().min(1).default('ridepool-admin'),
    /** Claim holding the user's county key (AGS, e.g. 07336); dotted path allowed. */
    OIDC_COUNTY_CLAIM: z.string().min(1).optional(),
    /** County key for users whose token names none (an IdP that serves one county). */
    OIDC_DEFAULT_COUNTY: z
      .string()
      .regex(/^\d{5}$/, 'must be a 5-digit county key')
      .optional(),
    /** Local operator accounts: failed sign-ins allowed per account and per address in 15 min. */
    LOCAL_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOCAL_SIGNIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(20),
    BOOKING_API_PORT: port.default(3000),
    REALTIME_GATEWAY_PORT: port.default(3001),
    DISPATCH_WORKER_HEALTH_PORT: port.default(3002),
    /** Run pending migrations when the booking API starts (under an advisory lock). */
    MIGRATIONS_RUN: boolFromEnv.default('true'),
    /** Exposes POST /v1/dev/tokens. Always off in production, whatever is set here. */
    DEV_TOKENS: boolFromEnv.optional(),
    /**
     * Serves Swagger UI at /docs and the OpenAPI document at /docs/openapi.json. Default: on,
     * except under NODE_ENV=production, where it is off unless set to true (the document lists
     * every admin route and field).
     */
    API_DOCS: boolFromEnv.optional(),
    /** Writes (POST/PATCH/DELETE) allowed per principal (or IP) per minute. */
    RATE_LIMIT_WRITES_PER_MIN: z.coerce.number().int().positive().default(60),
    /** How long POST /v1/bookings waits for the dispatch worker's decision before answering. */
    BOOKING_DECISION_WAIT_MS: z.coerce.number().int().min(0).max(30000).default(4000),
    /** How long an offer (`confirmation: 'rider'`) holds its seat before it expires, seconds. */
    BOOKING_OFFER_TTL_S: z.coerce.number().int().min(10).max(3600).default(300),
    /** Sign-in codes by phone: lifetime, wrong tries allowed, and codes per number per 10 min. */
    OTP_TTL_S: z.coerce.number().int().min(30).max(3600).default(300),
    OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    OTP_MAX_PER_10_MIN: z.coerce.number().int().min(1).max(100).default(3),
    /** Issue 10 (riders and drivers): codes one client address may ask for per 10 min. */
    OTP_MAX_PER_ADDRESS_PER_10_MIN: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Base URL of an osrm-routed (v5 HTTP API). Unset: the embedded router is used. */
    OSRM_URL: z.string().url().optional(),
    /**
     * OSM file the embedded router loads when OSRM_URL is unset, and the road map the web apps
     * draw (GET /v1/web/road-network) in any case. Default: the synthetic Kusel network. In
     * production with OSRM_URL it must be given (issue 12): the extract osrm-backend was prepared
     * from, so the map shows the roads the router routes on.
     */
    ROUTER_OSM_FILE: z.string().min(1).optional(),
    /** Prefix of every Redis key, queue and channel, so installations can share a Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default('ridepool'),
    /** Dispatch jobs one worker process runs at once (planning is serialised per county anyway). */
    DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    /**
     * Issue 13: most requested bookings of a service area one dispatch job decides under one
     * county lock and one snapshot of the schedules (1: one at a time).
     */
    DISPATCH_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(50),
    /** How long a dispatch job's lock lives; a killed worker's job is taken up again after it. */
    DISPATCH_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    // Outages (issue 11): retry budgets, shortened by the fault tests.
    /** Tries of a dispatch job before it fails (the sweeper hands an open booking on again). */
    DISPATCH_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** First retry delay of a dispatch job; doubles with each try. */
    DISPATCH_JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(500),
    /** How often the worker looks for requested bookings whose job is missing or failed. */
    DISPATCH_SWEEP_EVERY_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** A requested booking younger than this is left to its own job by the sweeper. */
    DISPATCH_SWEEP_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /** Minutes between improvement runs over the open schedules; 0 turns them off. */
    IMPROVE_EVERY_MIN: z.coerce.number().int().min(0).max(1440).default(5),
    /**
     * Issue 16, a repeatable worker: LNS iterations of each periodic improvement run, with a seed
     * from the run's moment, so it searches exactly as the day replay does. Unset: the dispatch
     * policy's budget (`IMPROVEMENT_ITERATIONS`, 2000, the one bench:day measures); 0: a 3 s
     * time limit instead. No time limit caps an iteration budget (the search would then depend on
     * the machine's speed again): at some 0.15 ms of CPU per iteration on the Kusel weekday.
     */
    IMPROVE_ITERATIONS: z.coerce.number().int().min(0).max(10_000_000).optional(),
    /** The same for the evening run over the next day (unset: 20,000; 0: a 30 s time limit). */
    IMPROVE_EVENING_ITERATIONS: z.coerce.number().int().min(0).max(10_000_000).optional(),
    /**
     * Wall-clock cap on re-planning the fleet to make room for a ride before rejecting it (its
     * 500 LNS iterations), and on such re-plannings per batch of decisions: the worker does it
     * under the county's lock (see bench:burst). 0: no cap, iterations only, so the worker makes
     * room exactly as the day replay does (issue 16, a twin); then a burst on a full fleet holds
     * the lock for a full re-planning per rejection.
     */
    MAKE_ROOM_TIME_LIMIT_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    /**
     * Issue 16: with a rejection for lack of room the worker offers the nearest requested times,
     * earlier and later, at which the cheap insertion would take the ride: it tries the requested
     * time moved in steps of ALTERNATIVES_STEP_MIN up to ALTERNATIVES_MAX_SHIFT_MIN either way
     * (0: no alternatives).
     */
    ALTERNATIVES_MAX_SHIFT_MIN: z.coerce.number().int().min(0).max(240).default(60),
    ALTERNATIVES_STEP_MIN: z.coerce.number().int().min(1).max(60).default(10),
    /**
     * Issue 14, trains: GTFS-Realtime TripUpdates feed (protobuf over HTTP) the dispatch worker
     * polls for late and cancelled trains. Unset: off.
     */
    GTFS_RT_TRIP_UPDATES_URL: z.string().url().optional(),
    /** Seconds between polls of the TripUpdates feed, and how long one fetch may take. */
    GTFS_RT_POLL_INTERVAL_S: z.coerce.number().int().min(10).max(3600).default(60),
    GTFS_RT_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
    // Issue 16: the simulated clock of `npm run demo` (development and test only).
    /** `system` (real time, always in production) or `simulated`: CLOCK_START, CLOCK_SPEED times as fast. */
    CLOCK: z.enum(['system', 'simulated']).default('system'),
    /**
     * Where the simulated clock starts: `HH:MM` on today's date (CLOCK_TIME_ZONE), or a whole
     * ISO 8601 instant with offset.
     */
    CLOCK_START: z
      .string()
      .refine(
        (v) =>
          /^([01]\d|2[0-3]):[0-5]\d$/.test(v) ||
          (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
            !Number.isNaN(Date.parse(v))),
        { message: 'must be HH:MM or an ISO 8601 instant with offset' },
      )
      .default('05:00'),
    /** How many times as fast as real time the simulated clock runs. */
    CLOCK_SPEED: z.coerce.number().positive().max(1000).default(1),
    /** Time zone of an `HH:MM` CLOCK_START. */
    CLOCK_TIME_ZONE: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone' })
      .default('Europe/Berlin'),
    /**
     * The real instant (ISO 8601) the simulated clock read CLOCK_START, given to every app so
     * they agree (`npm start` and `npm run demo` set it). Unset: the first app to start stores
     * the moment in Redis and the others read it from there.
     */
    CLOCK_EPOCH: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO 8601 instant' })
      .optional(),
    /** Where the built browser apps are (served at /<app>/ by the booking API). */
    WEB_DIR: z.string().default('dist/web'),
    /** Realtime gateway address as browsers reach it; unset: same host, REALTIME_GATEWAY_PORT. */
    PUBLIC_REALTIME_URL: z.string().url().optional(),
    /**
     * Issue 12, web security: the origins (scheme://host[:port], comma-separated) the web apps
     * are served from. Browsers from other origins cannot open a socket.io connection. Required
     * in production; unset elsewhere: any origin.
     */
    /** Issue 12, DSGVO retention: days vehicle positions and sent messages' phone numbers are kept. */
    POSITION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    MESSAGE_PHONE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    PUBLIC_ORIGINS: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().regex(/^https?:\/\/[^/\s]+$/, {
            message: 'each must be an origin: https://host[:port]',
          }),
        ),
      )
      .optional(),
    /**
     * Which peers' `X-Forwarded-For` the booking API believes for a client's address (the per-
     * address limits on sign-in codes and anonymous writes count by it): `loopback`,
     * `linklocal`, `uniquelocal`, addresses and CIDR ranges (comma-separated), or a number of
     * proxy hops. Default: proxies on this host or a private network (the documented reverse
     * proxy, a Kubernetes ingress); a client reaching the API directly from the internet can
     * no longer pick its own address by sending the header.
     */
    TRUST_PROXY: z
      .string()
      .transform((v, ctx) => parseTrustProxy(v, ctx))
      .default('loopback,linklocal,uniquelocal'),
    /** Open data (GTFS-Flex): public address of the web apps, and the office's booking phone. */
    PUBLIC_BASE_URL: z.string().url().optional(),
    OFFICE_PHONE: z
      .string()
      .regex(/^\+?[0-9 ()/-]{5,30}$/, 'must be a phone number')
      .optional(),
    /**
     * Issue 12, observability: pino level of the JSON logs. `log` and `verbose` (Nest's names)
     * mean info and trace. Unset: info, and warn under NODE_ENV=test.
     */
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'log', 'verbose'])
      .optional(),
    /**
     * Issue 12, metrics: bearer token Prometheus sends to `GET /metrics` of every app. Required
     * in production (the booking API's port is the ingress' `/` backend, so its /metrics would be
     * public); unset elsewhere: /metrics answers anyone.
     */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Minutes between the dispatch worker's independent check of the stored schedules against
     * every promise (`ridepool_promise_violations`); 0 turns it off.
     */
    PROMISE_CHECK_EVERY_MIN: z.coerce.number().min(0).max(1440).default(5),

    // Issue 10, SMS for sign-in codes and rider messages (README "Connecting the SMS provider").
    /** `log` (development: no SMS, the code in the log; refused in production), `smpp`, `sipgate`. */
    SMS_TRANSPORT: z.enum(['log', 'smpp', 'sipgate']).default('log'),
    /** The SMSC: `smpp://host:2775`, or `ssmpp://host:3550` for SMPP over TLS. */
    SMPP_URL: z
      .string()
      .url()
      .refine((u) => /^s?smpp:\/\//.test(u), { message: 'must be an smpp:// or ssmpp:// URL' })
      .optional(),
    /** SMPP 3.4 limits: system_id up to 15 characters, password up to 8. */
    SMPP_SYSTEM_ID: z.string().min(1).max(15, 'SMPP allows at most 15 characters').optional(),
    SMPP_PASSWORD: z.string().max(8, 'SMPP allows at most 8 characters').optional(),
    SMPP_SYSTEM_TYPE: z.string().max(12).default(''),
    /** Sender shown on the phone: up to 11 letters and digits, or a number in E.164. */
    SMPP_SOURCE_ADDR: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9 .-]{1,11}$|^\+?\d{3,15}$/, {
        message: 'must be up to 11 letters/digits or a phone number',
      })
      .default('Rufbus KUS'),
    /** Messages per second the SMSC account allows (submissions are spaced to it). */
    SMPP_MAX_PER_S: z.coerce.number().positive().max(1000).default(10),
    /** sipgate REST API: base URL, personal access token (id and secret), Web SMS extension. */
    SIPGATE_BASE_URL: z.string().url().default('https://api.sipgate.com/v2'),
    SIPGATE_TOKEN_ID: z.string().min(1).optional(),
    SIPGATE_TOKEN: z.string().min(1).optional(),
    SIPGATE_SMS_ID: z
      .string()
      .regex(/^s\d+$/, { message: 'must be a Web SMS extension such as s0' })
      .optional(),
    /** Tries per SMS (bind/submit or HTTP) and the first pause between them (doubling). */
    SMS_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    SMS_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),

    // Issue 10, realtime access for riders and drivers.
    /** A rider hears their vehicle's positions from this many minutes before the pickup window. */
    RIDER_TRACKING_LEAD_MIN: z.coerce.number().int().min(0).max(120).default(15),
    /** After its token expires, a socket has this long to send `auth.refresh` before it is closed. */
    SOCKET_REAUTH_GRACE_S: z.coerce.number().int().min(1).max(60).default(30),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET && !c.JWT_KEYS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JWT_SECRET'],
        message: 'is required in production',
      });
    }
    if (c.NODE_ENV === 'production' && c.OSRM_URL && !c.ROUTER_OSM_FILE) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ROUTER_OSM_FILE'],
        message:
          'is required in production with OSRM_URL: the OSM extract osrm-backend was prepared from (the road map shows it)',
      });
    }
    if (c.NODE_ENV === 'production' && !c.METRICS_TOKEN) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['METRICS_TOKEN'],
        message: 'is required in production (/metrics must not be public behind the ingress)',
      });
    }
    if (c.NODE_ENV === 'production' && c.CLOCK !== 'system') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['CLOCK'],
        message: 'production always runs on real time: a simulated clock is refused',
      });
    }
    if (c.NODE_ENV === 'production' && !c.PUBLIC_ORIGINS?.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['PUBLIC_ORIGINS'],
        message: 'is required in production (the origins the web apps are served from)',
      });
    }
    smsTransportProblems(c).forEach(([path, message]) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message }),
    );
    if (c.JWT_ACTIVE_KID && !(c.JWT_KEYS ?? []).some((k) => k.kid === c.JWT_ACTIVE_KID)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JWT_ACTIVE_KID'],
        message: 'must name one of the keys in JWT_KEYS',
      });
    }
    if (c.OIDC_ISSUER_URL) {
      for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const) {
        if (!c[name]) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [name],
            message: 'is required when OIDC_ISSUER_URL is set',
          });
        }
      }
      if (c.NODE_ENV === 'production' && !c.OIDC_ISSUER_URL.startsWith('https://')) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['OIDC_ISSUER_URL'],
          message: 'must be an https:// URL in production',
        });
      }
    }
  })
  .transform((c) => {
    const keys = c.JWT_KEYS ?? [{ kid: 'default', secret: c.JWT_SECRET ?? DEV_JWT_SECRET }];
    const activeKid = c.JWT_ACTIVE_KID ?? keys[0].kid;
    return {
      ...c,
      // Still keys the sign-in code HMAC; with JWT_KEYS it is the active key's secret.
      JWT_SECRET: c.JWT_SECRET ?? keys.find((k) => k.kid === activeKid)!.secret,
      JWT_KEYRING: keys,
      JWT_ACTIVE_KID: activeKid,
      DEV_TOKENS: c.NODE_ENV !== 'production' && (c.DEV_TOKENS ?? true),
      API_DOCS: c.API_DOCS ?? c.NODE_ENV !== 'production',
      LOG_LEVEL: pinoLevel(c.LOG_LEVEL, c.NODE_ENV),
      ROUTER_OSM_FILE: c.ROUTER_OSM_FILE ?? 'data/osm/kusel-synthetic.osm',
    };
  });

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY → hops (a number) or the trusted names, addresses and ranges, as Express takes them. */
function parseTrustProxy(v: string, ctx: z.RefinementCtx): number | string[] {
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const entries = v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of entries) {
    const [addr, bits, extra] = e.split('/');
    const family = isIP(addr);
    const bitsOk =
      bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(e) && (!family || !bitsOk || extra !== undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${e}" is none of ${PROXY_NAMES.join(', ')}, an IP address, a CIDR range or a number of hops`,
      });
      return z.NEVER;
    }
  }
  return entries;
}

/** `kid:secret,kid:secret` → keys; names the problem on a malformed entry. */
function parseKeyring(v: string, ctx: z.RefinementCtx): { kid: string; secret: string }[] {
  const keys: { kid: string; secret: string }[] = [];
  for (const entry of v.split(',').map((e) => e.trim())) {
    const at = entry.indexOf(':');
    const kid = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (at < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(kid) || secret.length < 32) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'each entry must be kid:secret with a secret of at least 32 characters',
      });
      return z.NEVER;
    }
    if (keys.some((k) => k.kid === kid)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `key id ${kid} appears twice` });
      return z.NEVER;
    }
    keys.push({ kid, secret });
  }
  return keys;
}

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

function pinoLevel(level: string | undefined, env: string): PinoLevel {
  if (level === 'log') return 'info';
  if (level === 'verbose') return 'trace';
  return (level as PinoLevel | undefined) ?? (env === 'test' ? 'warn' : 'info');
}

export type AppConfig = z.infer<typeof configSchema>;

/** Issue 10: a real SMS transport in production, with what it needs to connect. */
function smsTransportProblems(c: {
  NODE_ENV: string;
  SMS_TRANSPORT: string;
  [k: string]: unknown;
}): Array<[string, string]> {
  if (c.SMS_TRANSPORT === 'log') {
    return c.NODE_ENV === 'production'
      ? [['SMS_TRANSPORT', 'log sends no SMS and is refused in production: set smpp or sipgate']]
      : [];
  }
  const needs =
    c.SMS_TRANSPORT === 'smpp'
      ? ['SMPP_URL', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD']
      : ['SIPGATE_TOKEN_ID', 'SIPGATE_TOKEN', 'SIPGATE_SMS_ID'];
  return needs
    .filter((k) => c[k] === undefined)
    .map((k) => [k, `is required with SMS_TRANSPORT=${c.SMS_TRANSPORT}`]);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function parseConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
): AppConfig {
  const cleaned: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) cleaned[k] = v === '' ? undefined : v;
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/**
 * For process entry points: parse or print the problem and exit(1).
 * Exiting here, before Nest boots, keeps the message readable.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
