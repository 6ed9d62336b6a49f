import { INestApplication } from '@nestjs/common';
import { startGateway } from '../realtime/realtime-harness';
import { BookingApiHarness, startBookingApi, testConfig } from '../support/booking-api-harness';

/**
 * Issue 12: helmet's headers on the HTTP apps with a Content-Security-Policy that still lets the
 * web apps and Swagger UI work, and a realtime gateway that accepts browsers only from the
 * configured public origins (PUBLIC_ORIGINS).
 */
describe('web security: helmet and socket.io origins', () => {
  let h: BookingApiHarness;
  let gateway: { app: INestApplication; url: string };
  const ALLOWED = 'https://fahrten.kreis-kusel.de';

  beforeAll(async () => {
    h = await startBookingApi({ PUBLIC_REALTIME_URL: 'https://rt.kreis-kusel.de' });
    gateway = await startGateway(
      testConfig({ PUBLIC_ORIGINS: `${ALLOWED}, http://localhost:3000` }),
    );
  }, 60_000);

  afterAll(async () => {
    await gateway?.app.close();
    await h?.close();
  });

  it('sends helmet headers and a CSP that allows the realtime gateway and map tiles', async () => {
    const res = await h.http.get('/v1/web/booking-options').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/rt\.kreis-kusel\.de wss:\/\/rt\.kreis-kusel\.de/,
    );
    expect(csp).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps Swagger UI working under the CSP: only scripts from this host, none inline', async () => {
    const page = await h.http.get('/docs/').redirects(1).expect(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attrs)?.[1];
      expect(src).toBeDefined();
      expect(src).not.toMatch(/^(https?:)?\/\//);
      await h.http.get(new URL(src!, 'http://x/docs/').pathname).expect(200);
    }
  });

  const poll = (origin?: string) =>
    fetch(`${gateway.url}/socket.io/?EIO=4&transport=polling`, {
      headers: origin ? { origin } : {},
    });

  it('lets browsers from the public origins open socket.io, with CORS for them only', async () => {
    const res = await poll(ALLOWED);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('refuses a browser from another origin, before any socket.io handshake', async () => {
    const res = await poll('https://evil.example');
    expect(res.status).toBe(403);
  });

  it('lets clients that are not browsers (no Origin header) connect', async () => {
    expect((await poll()).status).toBe(200);
  });

  it('requires PUBLIC_ORIGINS in production', () => {
    expect(() =>
      testConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SMS_TRANSPORT: 'sipgate' }),
    ).toThrow(/PUBLIC_ORIGINS: is required in production/);
  });
});
