import { AuthSessionService, SessionTokens } from '@app/auth';
import { AppConfig, APP_CONFIG } from '@app/config';
import { echo, Principal } from '@app/domain';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { CountiesService } from '../counties/counties.service';
import { mapOfficeClaims, MappedOfficeUser } from './oidc-claims';

const FLOW_TTL_S = 600;
const HANDOFF_TTL_S = 60;

export type OidcCallbackResult =
  | { kind: 'signed_in'; handoff: string }
  | { kind: 'refused'; reason: Extract<MappedOfficeUser, { kind: 'refused' }>['reason'] }
  | { kind: 'failed'; reason: string };

/** What the console receives for its one-time hand-off code. */
export interface OfficeSession extends SessionTokens {
  role: 'operator' | 'admin';
  countyId: string | null;
  name: string | null;
}

/**
 * Console sign-in through the county's identity provider: OpenID Connect authorization code
 * flow with PKCE (RFC 7636), state and nonce, by `openid-client`, which also checks the ID
 * token's signature, issuer, audience, expiry and nonce. State, nonce and code verifier wait in
 * Redis for the callback; the browser's state cookie ties the callback to the browser that
 * started it. After the callback the console gets a one-time code (in the URL fragment) and
 * exchanges it for its tokens, so no token ever appears in a URL.
 */
@Injectable()
export class OidcSignInService {
  private readonly log = new Logger(OidcSignInService.name);
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    private readonly counties: CountiesService,
    private readonly sessions: AuthSessionService,
  ) {}

  get enabled(): boolean {
    return !!this.config.OIDC_ISSUER_URL;
  }

  /** The provider's URL to send the browser to, and the state for the browser's cookie. */
  async start(): Promise<{ url: string; state: string }> {
    const configuration = await this.discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    await this.redis.set(
      this.key('flow', state),
      JSON.stringify({ verifier, nonce }),
      'EX',
      FLOW_TTL_S,
    );
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.OIDC_REDIRECT_URI!,
      scope: this.config.OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * @param query the callback's query string as received
   * @param cookieState the state cookie the browser sent along
   */
  async callback(query: string, cookieState: string | undefined): Promise<OidcCallbackResult> {
    const params = new URLSearchParams(query);
    const state = params.get('state');
    if (params.get('error')) {
      return { kind: 'failed', reason: `identity provider: ${echo(params.get('error'))}` };
    }
    if (!state || !cookieState || state !== cookieState) {
      return { kind: 'failed', reason: 'state does not match this browser' };
    }
    const raw = await this.redis.getdel(this.key('flow', state));
    if (!raw) return { kind: 'failed', reason: 'sign-in expired or already used' };
    const { verifier, nonce } = JSON.parse(raw) as { verifier: string; nonce: string };

    let claims: Record<string, unknown>;
    try {
      const configuration = await this.discover();
      const currentUrl = new URL(this.config.OIDC_REDIRECT_URI!);
      currentUrl.search = query;
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() as Record<string, unknown>) };
      // Some providers put groups only into userinfo; read it when the ID token lacks them.
      if (claims[this.config.OIDC_ROLE_CLAIM] === undefined && tokens.access_token) {
        const info = await oidc
          .fetchUserInfo(configuration, tokens.access_token, claims.sub as string)
          .catch(() => null);
        if (info) claims = { ...info, ...claims };
      }
    } catch (e) {
      this.log.warn(`OIDC sign-in refused: ${(e as Error).message}`);
      return { kind: 'failed', reason: (e as Error).message };
    }

    const mapped = mapOfficeClaims(claims, {
      roleClaim: this.config.OIDC_ROLE_CLAIM,
      operatorGroup: this.config.OIDC_OPERATOR_GROUP,
      adminGroup: this.config.OIDC_ADMIN_GROUP,
      countyClaim: this.config.OIDC_COUNTY_CLAIM,
      defaultCounty: this.config.OIDC_DEFAULT_COUNTY,
    });
    if (mapped.kind === 'refused') return mapped;
    let countyId: string | undefined;
    if (mapped.countyCode) {
      countyId = (await this.counties.byCode(mapped.countyCode).catch(() => null))?.id;
      if (!countyId && mapped.role === 'operator') return { kind: 'refused', reason: 'no_county' };
    }
    const principal: Principal = {
      sub: officeSubject(String(claims.sub)),
      role: mapped.role,
      ...(countyId ? { countyId } : {}),
      ...(mapped.name ? { name: mapped.name.slice(0, 254) } : {}),
    };
    const session = await this.sessions.start(principal);
    const handoff = randomBytes(24).toString('base64url');
    const value: OfficeSession = {
      ...session,
      role: mapped.role,
      countyId: countyId ?? null,
      name: principal.name ?? null,
    };
    await this.redis.set(this.key('handoff', handoff), JSON.stringify(value), 'EX', HANDOFF_TTL_S);
    return { kind: 'signed_in', handoff };
  }

  /** The tokens for a one-time hand-off code, once. */
  async exchange(handoff: string): Promise<OfficeSession | null> {
    const raw = await this.redis.getdel(this.key('handoff', handoff));
    return raw ? (JSON.parse(raw) as OfficeSession) : null;
  }

  private discover(): Promise<oidc.Configuration> {
    if (!this.config.OIDC_ISSUER_URL) throw new Error('OIDC_ISSUER_URL is not set');
    // http:// issuers are allowed outside production only (config refuses them in production).
    const insecure = this.config.OIDC_ISSUER_URL.startsWith('http://');
    this.configuration ??= oidc
      .discovery(
        new URL(this.config.OIDC_ISSUER_URL),
        this.config.OIDC_CLIENT_ID!,
        this.config.OIDC_CLIENT_SECRET!,
        undefined,
        insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.configuration = null; // try again with the next sign-in
        throw e;
      });
    return this.configuration;
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}:oidc:${kind}:${id}`;
  }
}

/** `oidc:<sub>`, hashed when long, so it fits every column that records who acted. */
export function officeSubject(sub: string): string {
  const s = `oidc:${sub}`;
  return s.length <= 64 ? s : `oidc:${createHash('sha256').update(sub).digest('hex').slice(0, 40)}`;
}
