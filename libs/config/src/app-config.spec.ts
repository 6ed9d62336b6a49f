import { ConfigError, parseConfig } from './app-config';

const SIPGATE = {
  SMS_TRANSPORT: 'sipgate',
  SIPGATE_TOKEN_ID: 'token-id',
  SIPGATE_TOKEN: 'token',
  SIPGATE_SMS_ID: 's0',
  // Also required in production (issue 12); kept here so each case names only its subject.
  PUBLIC_ORIGINS: 'https://fahrten.example.org',
  METRICS_TOKEN: 'scrape-token-0123456789',
};

describe('parseConfig', () => {
  it('gives working defaults for a developer machine', () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/ridepool');
    expect(c.BOOKING_API_PORT).toBe(3000);
    expect(c.DEV_TOKENS).toBe(true);
  });

  it('names the variable and the reason when a value is bad', () => {
    expect(() => parseConfig({ BOOKING_API_PORT: 'eighty' })).toThrow(/BOOKING_API_PORT/);
    expect(() => parseConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL: must be a redis/);
  });

  it('refuses to start in production without a JWT secret', () => {
    try {
      parseConfig({ NODE_ENV: 'production', ...SIPGATE });
      fail('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual(['JWT_SECRET: is required in production']);
    }
  });

  it('turns development conveniences off in production even when asked for', () => {
    const c = parseConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DEV_TOKENS: 'true',
      ...SIPGATE,
    });
    expect(c.DEV_TOKENS).toBe(false);
  });

  it('serves the API docs outside production, and in production only when API_DOCS=true', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...SIPGATE };
    expect(parseConfig({}).API_DOCS).toBe(true);
    expect(parseConfig({ API_DOCS: 'false' }).API_DOCS).toBe(false);
    expect(parseConfig(prod).API_DOCS).toBe(false);
    expect(parseConfig({ ...prod, API_DOCS: 'true' }).API_DOCS).toBe(true);
    expect(() => parseConfig({ API_DOCS: 'yes' })).toThrow(/API_DOCS/);
  });

  it('rejects a short JWT secret', () => {
    expect(() => parseConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
  });

  it('refuses the logging SMS transport in production, naming SMS_TRANSPORT', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /SMS_TRANSPORT: log sends no SMS and is refused in production/,
    );
    expect(parseConfig({ SMS_TRANSPORT: 'log' }).SMS_TRANSPORT).toBe('log');
  });

  it('names what a real SMS transport still needs', () => {
    try {
      parseConfig({
        SMS_TRANSPORT: 'smpp',
        SMPP_URL: 'http://smsc',
        SMPP_PASSWORD: 'longer-than-8',
      });
      fail('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'SMPP_URL: must be an smpp:// or ssmpp:// URL',
        'SMPP_PASSWORD: SMPP allows at most 8 characters',
        'SMPP_SYSTEM_ID: is required with SMS_TRANSPORT=smpp',
      ]);
    }
    expect(() => parseConfig({ SMS_TRANSPORT: 'smpp', SMPP_URL: 'smpp://smsc:2775' })).toThrow(
      /SMPP_SYSTEM_ID: is required with SMS_TRANSPORT=smpp/,
    );
    expect(() => parseConfig({ SMS_TRANSPORT: 'sipgate', SIPGATE_SMS_ID: 'x1' })).toThrow(
      /SIPGATE_SMS_ID: must be a Web SMS extension/,
    );
    const ok = parseConfig({ ...SIPGATE, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(ok.SIPGATE_BASE_URL).toBe('https://api.sipgate.com/v2');
  });

  it('requires the public origins in production and reads them as a list (issue 12)', () => {
    const { PUBLIC_ORIGINS: _, ...noOrigins } = SIPGATE;
    expect(() =>
      parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...noOrigins }),
    ).toThrow(/PUBLIC_ORIGINS: is required in production/);
    const c = parseConfig({ PUBLIC_ORIGINS: 'https://a.example, http://localhost:3000/' });
    expect(c.PUBLIC_ORIGINS).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(() => parseConfig({ PUBLIC_ORIGINS: 'https://a.example/path' })).toThrow(
      /PUBLIC_ORIGINS/,
    );
  });

  it('requires a token for /metrics in production, and checks the check interval (issue 12)', () => {
    const { METRICS_TOKEN: _, ...noToken } = SIPGATE;
    expect(() =>
      parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...noToken }),
    ).toThrow(/METRICS_TOKEN: is required in production/);
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least/,
    );
    expect(parseConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(parseConfig({}).PROMISE_CHECK_EVERY_MIN).toBe(5);
    expect(() => parseConfig({ PROMISE_CHECK_EVERY_MIN: '-1' })).toThrow(/PROMISE_CHECK_EVERY_MIN/);
  });

  it('requires the road data of OSRM for the road map in production (issue 12)', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...SIPGATE };
    expect(() => parseConfig({ ...prod, OSRM_URL: 'http://osrm:5000' })).toThrow(
      /ROUTER_OSM_FILE: is required in production with OSRM_URL/,
    );
    const c = parseConfig({
      ...prod,
      OSRM_URL: 'http://osrm:5000',
      ROUTER_OSM_FILE: '/d/k.osm.pbf',
    });
    expect(c.ROUTER_OSM_FILE).toBe('/d/k.osm.pbf');
    expect(parseConfig({}).ROUTER_OSM_FILE).toBe('data/osm/kusel-synthetic.osm');
  });

  it('reads TRUST_PROXY as proxy hops or trusted addresses, private networks by default', () => {
    expect(parseConfig({}).TRUST_PROXY).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(() => parseConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: "everyone"/);
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('maps LOG_LEVEL to pino levels, warn by default in tests (issue 12)', () => {
    expect(parseConfig({}).LOG_LEVEL).toBe('info');
    expect(parseConfig({ NODE_ENV: 'test' }).LOG_LEVEL).toBe('warn');
    expect(parseConfig({ LOG_LEVEL: 'log' }).LOG_LEVEL).toBe('info');
    expect(parseConfig({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('signing keys (issue 10)', () => {
  it('keeps JWT_SECRET working as the single key `default`', () => {
    const c = parseConfig({ JWT_SECRET: 's'.repeat(40) });
    expect(c.JWT_KEYRING).toEqual([{ kid: 'default', secret: 's'.repeat(40) }]);
    expect(c.JWT_ACTIVE_KID).toBe('default');
  });

  it('reads a key ring and the active key id', () => {
    const c = parseConfig({
      JWT_KEYS: `2026a:${'a'.repeat(32)},2026b:${'b'.repeat(32)}`,
      JWT_ACTIVE_KID: '2026b',
    });
    expect(c.JWT_KEYRING.map((k) => k.kid)).toEqual(['2026a', '2026b']);
    expect(c.JWT_ACTIVE_KID).toBe('2026b');
  });

  it('names a bad key ring, an unknown active key, and accepts JWT_KEYS in production', () => {
    expect(() => parseConfig({ JWT_KEYS: 'k1:short' })).toThrow(/JWT_KEYS: each entry/);
    expect(() => parseConfig({ JWT_KEYS: `k1:${'a'.repeat(32)}`, JWT_ACTIVE_KID: 'k2' })).toThrow(
      /JWT_ACTIVE_KID: must name one of the keys/,
    );
    // In production a key ring stands in for JWT_SECRET.
    try {
      parseConfig({ NODE_ENV: 'production', JWT_KEYS: `k1:${'a'.repeat(32)}` });
    } catch (e) {
      expect((e as ConfigError).problems.join('\n')).not.toMatch(/JWT_SECRET/);
    }
  });

  it('needs client id, secret and redirect URI with an OIDC issuer', () => {
    expect(() => parseConfig({ OIDC_ISSUER_URL: 'https://idp.example/realms/kusel' })).toThrow(
      /OIDC_CLIENT_ID: is required when OIDC_ISSUER_URL is set/,
    );
  });
});
