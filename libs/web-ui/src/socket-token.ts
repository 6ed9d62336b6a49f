import type { TokenStore } from './http';

/** The part of a socket.io client socket this needs (no import of socket.io-client here). */
interface AuthSocket {
  on(event: 'auth.expired', listener: () => void): unknown;
  off(event: 'auth.expired', listener?: () => void): unknown;
  emit(event: 'auth.refresh', payload: { token: string }, ack: () => void): unknown;
  readonly connected: boolean;
}

const AHEAD_MS = 60_000;

/**
 * socket.io's `auth` option as a function: every (re)connection presents a token that is valid
 * for at least another minute.
 */
export function socketAuth(session: TokenStore) {
  return (cb: (data: { token: string | null }) => void): void => {
    void (session.fresh ? session.fresh() : Promise.resolve(session.token))
      .catch(() => session.token)
      .then((token) => cb({ token }));
  };
}

/**
 * Keeps an open socket's token valid (realtime gateway protocol, `auth.refresh`): renews the
 * session's token about a minute before it expires and hands the new one to the gateway over
 * the socket, and does the same at once when the gateway says `auth.expired`. `onSignedOut`
 * runs when the session cannot be renewed any more. Returns a function that stops it.
 */
export function keepSocketToken(
  socket: AuthSocket,
  session: TokenStore,
  onSignedOut: () => void = () => undefined,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const renew = async (): Promise<void> => {
    if (stopped || !session.refresh) return;
    let token: string | null;
    try {
      token = await session.refresh();
    } catch {
      schedule(30_000); // offline: try again soon; the gateway's grace covers a short gap
      return;
    }
    if (!token) return onSignedOut();
    if (socket.connected) socket.emit('auth.refresh', { token }, () => undefined);
    schedule();
  };
  const schedule = (inMs?: number) => {
    clearTimeout(timer);
    if (stopped) return;
    const exp = session.expiresAt;
    if (inMs === undefined && !exp) return;
    // A minute ahead, or halfway for a token that lives less than two (a driver's at the end
    // of a shift, or a test's): renewing never runs in a loop.
    const left = exp! - Date.now();
    const wait = inMs ?? Math.max(0, left - Math.min(AHEAD_MS, left / 2));
    timer = setTimeout(() => void renew(), Math.min(wait, 2 ** 31 - 1));
  };
  const onExpired = () => void renew();

  socket.on('auth.expired', onExpired);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket.off('auth.expired', onExpired);
  };
}
