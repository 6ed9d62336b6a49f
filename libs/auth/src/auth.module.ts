import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthSessionService, REFRESH_TOKEN_TTL_S } from './auth-session.service';
import { TOKEN_OPTIONS, TokenOptions, TokenService } from './token.service';

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: TokenOptions & { refreshTtlS: number }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_OPTIONS, useValue: options },
        { provide: REFRESH_TOKEN_TTL_S, useValue: options.refreshTtlS },
        TokenService,
        AuthSessionService,
      ],
      exports: [TokenService, AuthSessionService],
    };
  }

  /** The module options from the validated configuration. */
  static fromConfig(config: {
    JWT_KEYRING: { kid: string; secret: string }[];
    JWT_ACTIVE_KID: string;
    ACCESS_TOKEN_TTL_S: number;
    REFRESH_TOKEN_TTL_S: number;
  }): DynamicModule {
    return AuthModule.forRoot({
      keys: config.JWT_KEYRING,
      activeKid: config.JWT_ACTIVE_KID,
      accessTtlS: config.ACCESS_TOKEN_TTL_S,
      refreshTtlS: config.REFRESH_TOKEN_TTL_S,
    });
  }
}
