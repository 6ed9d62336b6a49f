import { WsEventName } from '@app/contracts';
import { RealtimeMetrics } from '@app/observability';
import { Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';

/**
 * The gateway's socket.io server as the realtime services see it. `toRooms` goes to every
 * gateway process (through the Redis adapter): use it for what one process learns alone, like a
 * driver's position. `toLocalRooms` reaches this process's clients only: use it for what every
 * process hears at once from Redis pub/sub, so that nobody gets a message twice.
 */
@Injectable()
export class RealtimeBroadcaster {
  private server?: Server;

  constructor(private readonly metrics: RealtimeMetrics) {}

  attach(server: Server): void {
    this.server = server;
    this.metrics.observeClients(() => this.clientsByRole());
  }

  /** This process's authenticated connections by role (`ridepool_socket_clients`). */
  clientsByRole(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const socket of this.server?.of('/').sockets.values() ?? []) {
      const role = (socket.data as { principal?: { role?: string } } | undefined)?.principal?.role;
      if (role) counts[role] = (counts[role] ?? 0) + 1;
    }
    return counts;
  }

  toRooms(rooms: string[], event: WsEventName, payload: unknown): void {
    if (rooms.length) this.server?.to(rooms).emit(event, payload);
  }

  toLocalRooms(rooms: string[], event: WsEventName, payload: unknown): void {
    if (rooms.length) this.server?.local.to(rooms).emit(event, payload);
  }

  /** This process's connections in a room. */
  localSockets(room: string): Socket[] {
    const nsp = this.server?.of('/');
    const ids = nsp?.adapter.rooms.get(room);
    if (!nsp || !ids) return [];
    return [...ids].map((id) => nsp.sockets.get(id)).filter((s): s is Socket => !!s);
  }

  hasLocal(room: string): boolean {
    return (this.server?.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }
}
