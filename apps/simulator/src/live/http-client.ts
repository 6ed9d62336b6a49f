/** The booking API as a rider's or the office's client sees it (fetch, JSON, bearer token). */
export class BookingApiClient {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiError(res.status, (data as { message?: string })?.message ?? text);
    return data as T;
  }

  async token(role: 'rider' | 'driver' | 'operator', extra: Record<string, string> = {}) {
    return this.call<{ token: string; subject: string }>('POST', '/v1/dev/tokens', null, {
      role,
      ...extra,
    });
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(`HTTP ${status}: ${message}`);
    this.name = 'ApiError';
  }
}
