import type { INestApplication } from '@nestjs/common';
import helmet from 'helmet';

export interface SecurityHeadersOptions {
  /** PUBLIC_REALTIME_URL: where browsers reach the realtime gateway, if not this host. */
  realtimeUrl?: string;
  /** REALTIME_GATEWAY_PORT: used with this host when realtimeUrl is unset. */
  realtimePort: number;
}

/**
 * helmet's headers on the booking API, with a Content-Security-Policy that lets the web apps and
 * Swagger UI do what they do and nothing more: scripts and styles from here (inline styles for
 * Leaflet and Swagger UI), map tiles from tile.openstreetmap.org (the console's optional layer),
 * images from data: and blob: URLs, and connections to this host and the realtime gateway
 * (socket.io: HTTP long-polling, then a WebSocket).
 */
export function installSecurityHeaders(app: INestApplication, opts: SecurityHeadersOptions): void {
  const realtime: string[] = [];
  if (opts.realtimeUrl) {
    const u = new URL(opts.realtimeUrl);
    realtime.push(u.origin, `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`);
  } else {
    // Same host as the page, the gateway's port; CSP has no "same host" keyword, so any host.
    const p = opts.realtimePort;
    realtime.push(`http://*:${p}`, `https://*:${p}`, `ws://*:${p}`, `wss://*:${p}`);
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', 'https://tile.openstreetmap.org'],
          connectSrc: ["'self'", ...realtime],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Behind TLS the proxy decides; on plain-HTTP installs this would break every asset.
          upgradeInsecureRequests: null,
        },
      },
      // The apps are served over plain HTTP on a county's intranet too; HSTS is the proxy's job.
      strictTransportSecurity: false,
    }),
  );
}
