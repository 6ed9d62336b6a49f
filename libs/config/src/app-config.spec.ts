import { ConfigError, parseConfig } from './app-config';

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
      parseConfig({ NODE_ENV: 'production' });
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
    });
    expect(c.DEV_TOKENS).toBe(false);
  });

  it('rejects a short JWT secret', () => {
    expect(() => parseConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
  });
});
