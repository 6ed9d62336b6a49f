import { InvalidTokenError, TokenService } from '@app/auth';
import { PositionAccepted, StopEventResult, SubscribeResult, WsAck, WsEvent } from '@app/contracts';
import {
  RealtimeBroadcaster,
  SessionData,
  SessionService,
  StopEventsService,
  toAck,
  toWsError,
  VehiclePositionService,
} from '@app/realtime';
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

/**
 * Entry of every live client (protocol in ../README.md). The handshake must carry the same
 * bearer token as the booking API (`auth: { token }` or an Authorization header); without a
 * valid one the client gets `error {code: 'unauthorized'}` and is disconnected. Each message
 * handler parses nothing itself: it hands the payload to one service and acknowledges the
 * result or the mapped error.
 */
@WebSocketGateway({ path: '/socket.io' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenService,
    private readonly broadcaster: RealtimeBroadcaster,
    private readonly sessions: SessionService,
    private readonly positions: VehiclePositionService,
    private readonly stopEvents: StopEventsService,
  ) {}

  afterInit(server: Server): void {
    this.broadcaster.attach(server);
  }

  async handleConnection(client: Socket): Promise<void> {
    const raw =
      (client.handshake.auth as { token?: unknown })?.token ??
      TokenService.bearer(client.handshake.headers.authorization);
    try {
      if (typeof raw !== 'string' || !raw) throw new InvalidTokenError('missing token');
      client.data = { principal: this.tokens.verify(raw) } satisfies SessionData;
    } catch (e) {
      client.emit(WsEvent.error, { code: 'unauthorized', reason: (e as Error).message });
      client.disconnect(true);
      this.log.debug(`refused a connection: ${(e as Error).message}`);
      return;
    }
    try {
      await this.sessions.open(client);
    } catch (e) {
      client.emit(WsEvent.error, toWsError(e));
      client.disconnect(true);
    }
  }

  handleDisconnect(client: Socket): void {
    this.sessions.close(client);
  }

  @SubscribeMessage(WsEvent.vehiclePosition)
  position(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<PositionAccepted>> {
    return toAck(() => this.positions.accept(principal(client), body));
  }

  @SubscribeMessage(WsEvent.stopEvent)
  stopEvent(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<StopEventResult>> {
    return toAck(() => this.stopEvents.report(principal(client), body));
  }

  @SubscribeMessage(WsEvent.subscribe)
  subscribe(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<SubscribeResult>> {
    return toAck(() => {
      principal(client);
      return this.sessions.subscribe(client, body);
    });
  }
}

/** A refused connection may still have messages in flight; they never reach a service. */
function principal(client: Socket): SessionData['principal'] {
  const p = (client.data as Partial<SessionData> | undefined)?.principal;
  if (!p) throw new InvalidTokenError('not authenticated');
  return p;
}
