import { InvalidTokenError, TokenService } from '@app/auth';
import { AuthExpiredMessage, AuthRefreshResult, WsEvent } from '@app/contracts';
import { Clock, Principal, RuleViolationError } from '@app/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { NotAllowedError, UnauthenticatedError } from '../realtime.errors';
import { REALTIME_OPTIONS, RealtimeOptions } from '../realtime.options';
import { SessionData, SessionService } from './session.service';

/** setTimeout's longest wait; a token living longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A connection's token over its lifetime. The handshake's token is checked once; when it
 * expires the connection is told (`auth.expired`), leaves every room at once (so nothing more
 * reaches it), and is disconnected after `reauthGraceS` unless it sends `auth.refresh` with a
 * fresh token of the same subject, role, county and (a driver's) shift. A refresh before expiry just moves the
 * deadline; one after it puts the connection back in its rooms with the current state, as on
 * a reconnect, so the client keeps its session without reconnecting.
 */
@Injectable()
export class SocketAuthService {
  private readonly log = new Logger(SocketAuthService.name);
  private readonly timers = new WeakMap<Socket, NodeJS.Timeout>();

  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  /**
   * The handshake: sets the connection's principal and its expiry.
   * @throws InvalidTokenError for a missing, forged or expired token.
   */
  authenticate(socket: Socket, raw: unknown): Principal {
    if (typeof raw !== 'string' || !raw) throw new InvalidTokenError('missing token');
    const principal = this.tokens.verify(raw);
    socket.data = { principal } satisfies SessionData;
    this.scheduleExpiry(socket, expiresAtOf(raw));
    return principal;
  }

  /** The principal of a connection whose token holds now. */
  principal(socket: Socket): Principal {
    const data = socket.data as Partial<SessionData> | undefined;
    if (!data?.principal) throw new UnauthenticatedError('not authenticated');
    if (data.expired) throw new UnauthenticatedError('token expired: send auth.refresh');
    return data.principal;
  }

  /**
   * `auth.refresh {token}`.
   * @throws UnauthenticatedError for a bad token; NotAllowedError for another principal's.
   */
  async refresh(socket: Socket, input: unknown): Promise<AuthRefreshResult> {
    const raw = (input as { token?: unknown } | null)?.token;
    if (typeof raw !== 'string' || !raw)
      throw new RuleViolationError([
        { field: 'token', code: 'required', reason: 'token is required' },
      ]);
    const data = socket.data as Partial<SessionData> | undefined;
    if (!data?.principal) throw new UnauthenticatedError('not authenticated');
    let next: Principal;
    try {
      next = this.tokens.verify(raw);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new UnauthenticatedError(e.message);
      throw e;
    }
    const was = data.principal;
    if (
      next.sub !== was.sub ||
      next.role !== was.role ||
      next.countyId !== was.countyId ||
      next.shiftId !== was.shiftId
    )
      throw new NotAllowedError('the token is for someone else: open a new connection');
    const wasExpired = data.expired === true;
    data.principal = next;
    delete data.expired;
    const expiresAt = expiresAtOf(raw);
    this.scheduleExpiry(socket, expiresAt);
    if (wasExpired) await this.sessions.open(socket);
    return { expiresAt: expiresAt ? expiresAt.toISOString() : null };
  }

  /** A closed connection needs no timer. */
  close(socket: Socket): void {
    clearTimeout(this.timers.get(socket));
    this.timers.delete(socket);
  }

  private scheduleExpiry(socket: Socket, expiresAt: Date | null): void {
    clearTimeout(this.timers.get(socket));
    if (!expiresAt) return;
    const waitMs = Math.max(0, expiresAt.getTime() - this.clock.now().getTime());
    const timer = setTimeout(
      () => (waitMs > MAX_TIMER_MS ? this.scheduleExpiry(socket, expiresAt) : this.expire(socket)),
      Math.min(waitMs, MAX_TIMER_MS),
    );
    this.timers.set(socket, timer);
  }

  private expire(socket: Socket): void {
    if (!socket.connected) return;
    const data = socket.data as SessionData;
    data.expired = true;
    data.live = {};
    this.sessions.close(socket);
    for (const room of [...socket.rooms]) if (room !== socket.id) void socket.leave(room);
    const graceS = this.options.reauthGraceS;
    socket.emit(WsEvent.authExpired, {
      code: 'token_expired',
      reason: `the token expired; send auth.refresh with a fresh token within ${graceS} s`,
      graceS,
    } satisfies AuthExpiredMessage);
    this.timers.set(
      socket,
      setTimeout(() => {
        if (!(socket.data as SessionData).expired) return;
        socket.emit(WsEvent.error, { code: 'unauthorized', reason: 'token expired' });
        socket.disconnect(true);
        this.log.debug(`disconnected ${socket.id}: token expired and not refreshed`);
      }, graceS * 1000),
    );
  }
}

/** The `exp` of a token whose signature was already checked, or null when it has none. */
function expiresAtOf(token: string): Date | null {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null;
  } catch {
    return null;
  }
}
