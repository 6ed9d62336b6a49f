/** Talking to the booking API from the browser apps: errors, the stored token, JSON calls. */
import type { ClientConfig } from '@app/contracts';

export interface FieldError {
  field: string;
  code: string;
  reason: string;
}

/** An error answer of the booking API: HTTP status, its error code and any per-field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** What sign-in (and each refresh) hands the app. */
export interface SignInTokens {
  token: string;
  /** Single use: exchanged at `POST /v1/auth/refresh` for the next pair. */
  refreshToken?: string;
  /** Lifetime of `token`, seconds. */
  expiresInS?: number;
}

/**
 * The signed-in user's tokens; `token` is `null` when signed out. Access tokens live 15 minutes:
 * `fresh()` returns one that is valid for at least another minute, refreshing it first when
 * needed, and `refresh()` exchanges the refresh token now. Both resolve `null` (and sign the
 * user out) when the session has ended.
 */
export interface TokenStore {
  token: string | null;
  signIn?(tokens: SignInTokens): void;
  fresh?(): Promise<string | null>;
  refresh?(): Promise<string | null>;
  /** When `token` expires, epoch ms; null when unknown. */
  readonly expiresAt?: number | null;
  /**
   * Why the session ended when a refresh was refused: the API's error code (e.g. a driver's
   * `shift_ended`), so the app can say so on its sign-in page; null while signed in.
   */
  readonly endedBecause?: string | null;
}

const REFRESH_AHEAD_MS = 60_000;

/**
 * Tokens kept in localStorage under the app's own key, so rider and driver never share one.
 * Refresh tokens rotate (each is good once, a second use ends the session), so refreshing runs
 * one at a time across the app's tabs (Web Locks where the browser has them) and a tab that
 * finds the pair already renewed by another simply takes it.
 */
export function tokenStore(key: string): TokenStore & Required<Omit<TokenStore, 'token'>> {
  const k = {
    token: key,
    refresh: `${key}.refresh`,
    exp: `${key}.expiresAt`,
    ended: `${key}.endedBecause`,
  };
  const read = (name: string) => localStorage.getItem(name);
  const write = (name: string, v: string | null) =>
    v === null ? localStorage.removeItem(name) : localStorage.setItem(name, v);
  const expiresAt = () => (read(k.exp) ? Number(read(k.exp)) : null);
  const store = (t: SignInTokens | null) => {
    if (t) write(k.ended, null);
    write(k.token, t?.token ?? null);
    write(k.refresh, t?.refreshToken ?? null);
    write(k.exp, t?.expiresInS ? String(Date.now() + t.expiresInS * 1000) : null);
  };
  const isFresh = () => {
    const exp = expiresAt();
    return !!read(k.token) && (exp === null || exp - Date.now() > REFRESH_AHEAD_MS);
  };
  let inFlight: Promise<string | null> | null = null;

  const exchange = async (used: string | null): Promise<string | null> => {
    const refreshToken = read(k.refresh);
    if (!refreshToken) return isFresh() ? read(k.token) : null;
    // Another tab refreshed while we waited for the lock: take its pair.
    if (used !== null && read(k.token) !== used && isFresh()) return read(k.token);
    const res = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (res.status === 401 || res.status === 400) {
      const refused = (await res.json().catch(() => null)) as { code?: unknown } | null;
      store(null);
      write(k.ended, typeof refused?.code === 'string' ? refused.code : `http_${res.status}`);
      return null;
    }
    if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
    const body = (await res.json()) as {
      accessToken: string;
      refreshToken: string;
      expiresInS: number;
    };
    store({
      token: body.accessToken,
      refreshToken: body.refreshToken,
      expiresInS: body.expiresInS,
    });
    return body.accessToken;
  };
  const refresh = (): Promise<string | null> => {
    if (inFlight) return inFlight;
    const used = read(k.token);
    // The lock's callback result is awaited by the lock itself: unwrap the nested promise.
    const run: Promise<string | null> =
      typeof navigator !== 'undefined' && navigator.locks
        ? navigator.locks.request(`${key}.refresh`, () => exchange(used)).then((token) => token)
        : exchange(used);
    const pending = run.finally(() => (inFlight = null));
    inFlight = pending;
    return pending;
  };

  return {
    get token(): string | null {
      return read(k.token);
    },
    set token(t: string | null) {
      // Set directly (a development token, or sign-out): no refresh token goes with it.
      store(t ? { token: t } : null);
    },
    get expiresAt() {
      return expiresAt();
    },
    get endedBecause() {
      return read(k.ended);
    },
    signIn: (t) => store(t),
    fresh: async () => (isFresh() ? read(k.token) : refresh()),
    refresh,
  };
}

/** One JSON request to `/v1<path>`; rejects with an {@link ApiError} when the answer is not 2xx. */
export type Call = <T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

const VERIFY_PATH = '/auth/otp/verify';

/**
 * Calls with the session's bearer token, renewed shortly before it expires. A 401 is answered
 * by one refresh and one retry; if the session has ended the user is signed out. On code
 * verification a 401 only means a wrong code.
 */
export function apiClient(session: TokenStore): Call {
  return async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const send = (token: string | null) => {
      const h: Record<string, string> = { accept: 'application/json', ...headers };
      if (body !== undefined) h['content-type'] = 'application/json';
      if (token) h.authorization = `Bearer ${token}`;
      return fetch(`/v1${path}`, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    };
    const signedIn = path !== VERIFY_PATH && !!session.token;
    let res = await send(signedIn && session.fresh ? await session.fresh() : session.token);
    if (res.status === 401 && signedIn && session.refresh) {
      const token = await session.refresh();
      if (token) res = await send(token);
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      if (res.status === 401 && path !== VERIFY_PATH) session.token = null;
      throw new ApiError(
        res.status,
        data?.code ?? `http_${res.status}`,
        data?.message ?? res.statusText,
        data?.errors ?? [],
      );
    }
    return data as T;
  };
}

/** Sign-in by a code sent by text message to a phone number on file for the role. */
export interface PhoneAuth {
  requestCode(phone: string): Promise<{ expiresInS: number }>;
  verifyCode(
    phone: string,
    code: string,
  ): Promise<{
    token: string;
    refreshToken?: string;
    expiresInS?: number;
    subject: string;
    name: string;
  }>;
}

export function phoneAuth(call: Call, role: 'rider' | 'driver'): PhoneAuth {
  return {
    requestCode: (phone) => call('POST', '/auth/otp', { phone, role }),
    verifyCode: (phone, code) => call('POST', VERIFY_PATH, { phone, code, role }),
  };
}

export type { ClientConfig } from '@app/contracts';
export { serverClock } from '@app/contracts';

/** The realtime gateway's URL: the configured one, else this host on the gateway's port. */
export function realtimeUrl(c: Pick<ClientConfig, 'realtimeUrl' | 'realtimePort'>): string {
  return c.realtimeUrl ?? `${location.protocol}//${location.hostname}:${c.realtimePort}`;
}
