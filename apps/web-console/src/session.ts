/**
 * The console's sign-in session: a short-lived access token and a rotating refresh token, kept
 * in sessionStorage (this tab only, gone when it closes). An expired access token is refreshed
 * silently; when the refresh fails too, the app is told to show the sign-in page, and forms
 * keep their drafts (see draft.ts) until the operator is back.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  role: 'operator' | 'admin';
  countyId: string | null;
  name: string | null;
  /** A development token without a login (never in production). */
  dev?: boolean;
}

export interface SignInMethods {
  oidc: boolean;
  local: boolean;
  dev: boolean;
}

const KEY = 'console.session';
let current: Session | null = load();
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(s: Session | null) => void>();

function load(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

function store(s: Session | null): void {
  current = s;
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l(s));
}

export const session = (): Session | null => current;

/** Called whenever the session starts, is refreshed, or ends. */
export function onSessionChange(listener: (s: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function post<T>(
  path: string,
  body: unknown,
): Promise<{ ok: boolean; status: number; data: T }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (res.status === 204 ? null : await res.json().catch(() => null)) as T;
  return { ok: res.ok, status: res.status, data };
}

export async function signInMethods(): Promise<SignInMethods> {
  return (await (await fetch('/v1/auth/methods')).json()) as SignInMethods;
}

/** Local account: e-mail, password, authenticator code. Returns an error code on failure. */
export async function signInLocal(
  email: string,
  password: string,
  totp: string,
): Promise<'ok' | 'invalid' | 'too_many' | 'bad_input'> {
  const r = await post<Session>('/v1/auth/local', { email, password, totp });
  if (r.ok) {
    store({ ...r.data, dev: false });
    return 'ok';
  }
  return r.status === 429 ? 'too_many' : r.status === 400 ? 'bad_input' : 'invalid';
}

/** To the county's identity provider; it sends the browser back with `#signin=<code>`. */
export function startOidc(): void {
  location.assign('/v1/auth/oidc/start');
}

/** After the identity provider: the one-time code in the address becomes the session. */
export async function finishOidcFromLocation(): Promise<boolean> {
  const m = /^#signin=(.+)$/.exec(location.hash);
  if (!m) return false;
  history.replaceState(null, '', location.pathname + location.search);
  const r = await post<Session>('/v1/auth/oidc/exchange', { code: decodeURIComponent(m[1]) });
  if (r.ok) store({ ...r.data, dev: false });
  return r.ok;
}

/** Development only: an operator token without a login. */
export async function signInDev(): Promise<boolean> {
  const r = await post<{ token: string; countyId: string; subject: string }>('/v1/dev/tokens', {
    role: 'operator',
  });
  if (!r.ok) return false;
  store({
    accessToken: r.data.token,
    refreshToken: '',
    role: 'operator',
    countyId: r.data.countyId,
    name: null,
    dev: true,
  });
  return true;
}

export async function signOut(): Promise<void> {
  const s = current;
  store(null);
  if (s?.refreshToken) await post('/v1/auth/sign-out', { refreshToken: s.refreshToken });
}

/**
 * Exchanges the refresh token once for everyone waiting (several calls may fail at once).
 * @returns false when the session is over: the app then shows the sign-in page.
 */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const s = current;
    if (!s?.refreshToken) {
      store(null);
      return false;
    }
    const r = await post<{ accessToken: string; refreshToken: string }>('/v1/auth/refresh', {
      refreshToken: s.refreshToken,
    }).catch(() => ({ ok: false, status: 0, data: null }));
    if (r.ok && r.data) {
      store({ ...s, accessToken: r.data.accessToken, refreshToken: r.data.refreshToken });
      return true;
    }
    // A network failure keeps the session for the next try; a refusal ends it.
    if (r.status !== 0) store(null);
    return false;
  })().finally(() => (refreshing = null));
  return refreshing;
}

/** Headers for an API call: the bearer token, and for admins the county acted for. */
export function authHeaders(): Record<string, string> {
  const s = current;
  if (!s) return {};
  return {
    authorization: `Bearer ${s.accessToken}`,
    ...(s.role === 'admin' && s.countyId ? { 'x-county-id': s.countyId } : {}),
  };
}
