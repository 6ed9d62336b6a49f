import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Largest message a client may send, bytes. Ours are a few hundred (a position, a stop event, a
 * token); socket.io's default of 1 MB let anyone with an engine.io session, signed in or not,
 * make every gateway parse megabyte payloads. A bigger message closes the connection.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/**
 * socket.io over Redis pub/sub, so rooms span every gateway replica behind the load balancer.
 */
export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly prefix: string,
    /** PUBLIC_ORIGINS: browsers from other origins are refused; unset: any origin. */
    private readonly origins?: string[],
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    this.pub = new Redis(this.redisUrl, {
      connectionName: `${this.prefix}-io-pub`,
      maxRetriesPerRequest: 3,
    });
    this.sub = this.pub.duplicate({ connectionName: `${this.prefix}-io-sub` });
    await Promise.all([this.pub.ping(), this.sub.ping()]);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = this.origins;
    // A browser always sends Origin; apps and the simulator outside a browser send none.
    const originOk = (origin: string | undefined) =>
      !allowed || !origin || allowed.includes(origin);
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: allowed ?? true },
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      // CORS covers only HTTP long-polling; a WebSocket upgrade is checked here.
      allowRequest: (req: IncomingMessage, done: (err: string | null, ok: boolean) => void) =>
        done(null, originOk(req.headers.origin)),
    }) as Server;
    if (!this.pub || !this.sub)
      throw new Error('RedisIoAdapter.connect() must run before the server starts');
    server.adapter(createAdapter(this.pub, this.sub, { key: `${this.prefix}:socket.io` }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
