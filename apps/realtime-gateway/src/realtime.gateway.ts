import { TokenService } from '@app/auth';
import {
  AuthRefreshResult,
  BreakdownResult,
  PositionAccepted,
  StopEventResult,
  SubscribeResult,
  WsAck,
  WsEvent,
} from '@app/contracts';
import {
  RealtimeBroadcaster,
  SessionService,
  SocketAuthService,
  StopEventsService,
  toAck,
  toWsError,
  VehicleBreakdownService,
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
 * valid one the client gets `error {code: 'unauthorized'}` and is disconnected. A token that
 * expires later is announced (`auth.expired`) and can be replaced over the socket
 * (`auth.refresh`). Each message handler parses nothing itself: it hands the payload to one
 * service and acknowledges the result or the mapped error.
 */
@WebSocketGateway({ path: '/socket.io' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger(RealtimeGateway.name);

  constructor(
    private readonly auth: SocketAuthService,
    private readonly broadcaster: RealtimeBroadcaster,
    private readonly sessions: SessionService,
    private readonly positions: VehiclePositionService,
    private readonly stopEvents: StopEventsService,
    private readonly breakdowns: VehicleBreakdownService,
  ) {}

  afterInit(server: Server): void {
    this.broadcaster.attach(server);
  }

  async handleConnection(client: Socket): Promise<void> {
    const raw =
      (client.handshake.auth as { token?: unknown })?.token ??
      TokenService.bearer(client.handshake.headers.authorization);
    try {
      this.auth.authenticate(client, raw);
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
    this.auth.close(client);
    this.sessions.close(client);
  }

  @SubscribeMessage(WsEvent.authRefresh)
  refresh(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<AuthRefreshResult>> {
    return toAck(() => this.auth.refresh(client, body));
  }

  @SubscribeMessage(WsEvent.vehiclePosition)
  position(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<PositionAccepted>> {
    return toAck(async () => {
      const principal = this.auth.principal(client);
      await this.sessions.ensureDriverShift(client);
      return this.positions.accept(principal, body);
    });
  }

  @SubscribeMessage(WsEvent.stopEvent)
  stopEvent(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<StopEventResult>> {
    return toAck(async () => {
      const principal = this.auth.principal(client);
      await this.sessions.ensureDriverShift(client);
      return this.stopEvents.report(principal, body);
    });
  }

  @SubscribeMessage(WsEvent.vehicleBreakdown)
  breakdown(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<BreakdownResult>> {
    return toAck(() => this.breakdowns.report(this.auth.principal(client), body));
  }

  @SubscribeMessage(WsEvent.subscribe)
  subscribe(
    @ConnectedSocket() client: Socket,
    @MessageBody() body: unknown,
  ): Promise<WsAck<SubscribeResult>> {
    return toAck(() => {
      this.auth.principal(client);
      return this.sessions.subscribe(client, body);
    });
  }
}
