/** Talking to the booking API from the browser apps: errors, the stored token, JSON calls. */

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

/** The signed-in user's bearer token; `null` when signed out. */
export interface TokenStore {
  token: string | null;
}

/** A token kept in localStorage under the app's own key, so rider and driver never share one. */
export function tokenStore(key: string): TokenStore {
  return {
    get token(): string | null {
      return localStorage.getItem(key);
    },
    set token(t: string | null) {
      if (t) localStorage.setItem(key, t);
      else localStorage.removeItem(key);
    },
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
 * Calls with the session's bearer token. A 401 signs the user out, except on code verification,
 * where it only means a wrong code.
 */
export function apiClient(session: TokenStore): Call {
  return async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (session.token) h.authorization = `Bearer ${session.token}`;
    const res = await fetch(`/v1${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
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
  ): Promise<{ token: string; subject: string; name: string }>;
}

export function phoneAuth(call: Call, role: 'rider' | 'driver'): PhoneAuth {
  return {
    requestCode: (phone) => call('POST', '/auth/otp', { phone, role }),
    verifyCode: (phone, code) => call('POST', VERIFY_PATH, { phone, code, role }),
  };
}

/** GET /v1/client-config: where the realtime gateway is. */
export interface ClientConfig {
  realtimeUrl: string | null;
  realtimePort: number;
}

/** The realtime gateway's URL: the configured one, else this host on the gateway's port. */
export function realtimeUrl(c: ClientConfig): string {
  return c.realtimeUrl ?? `${location.protocol}//${location.hostname}:${c.realtimePort}`;
}
