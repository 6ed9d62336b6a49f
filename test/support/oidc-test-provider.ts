import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestAccount {
  groups?: string[];
  county?: string | string[];
  email?: string;
  name?: string;
}

export interface OidcTestProvider {
  issuer: string;
  setMode(mode: 'normal' | 'wrong_audience' | 'expired'): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `test/support/oidc-provider.mjs` (a real oidc-provider) on a free port. */
export async function startOidcProvider(opts: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: Record<string, TestAccount>;
}): Promise<OidcTestProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_CLIENT: JSON.stringify(opts),
      OIDC_TEST_ACCOUNTS: JSON.stringify(opts.accounts),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`OIDC provider exited with ${code}`)));
  });
  return {
    issuer,
    setMode: async (mode) => {
      const res = await fetch(`${issuer}/__test/mode`, {
        method: 'POST',
        body: JSON.stringify({ mode }),
      });
      if (res.status !== 204) throw new Error(`mode not set: ${res.status}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A minimal cookie jar for driving the provider's pages with fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
