import { InvalidTokenError, TokenService } from '@app/auth';
import { WsEvent } from '@app/contracts';
import { Logger } from '@nestjs/common';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

/**
 * Entry of every live client. The handshake must carry the same bearer token as the booking API
 * (`auth: { token }` or an Authorization header); rooms and streams follow in the realtime issue.
 */
@WebSocketGateway({ path: '/socket.io' })
export class RealtimeGateway implements OnGatewayConnection {
  private readonly log = new Logger(RealtimeGateway.name);

  constructor(private readonly tokens: TokenService) {}

  handleConnection(client: Socket): void {
    const raw =
      (client.handshake.auth as { token?: unknown })?.token ??
      TokenService.bearer(client.handshake.headers.authorization);
    try {
      if (typeof raw !== 'string' || !raw) throw new InvalidTokenError('missing token');
      const principal = this.tokens.verify(raw);
      client.data.principal = principal;
      void client.join(`${principal.role}:${principal.sub}`);
    } catch (e) {
      client.emit(WsEvent.error, { code: 'unauthorized', message: (e as Error).message });
      client.disconnect(true);
      this.log.debug(`refused a connection: ${(e as Error).message}`);
    }
  }
}
