import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuthSessionService, REFRESH_TOKEN_TTL_S } from './auth-session.service';
import {
  DRIVER_BINDING_OPTIONS,
  DriverBindingOptions,
  DriverShiftBinding,
} from './driver-shift-binding.service';
import { TOKEN_OPTIONS, TokenOptions, TokenService } from './token.service';

@Global()
@Module({})
export class AuthModule {
  static forRoot(
    options: TokenOptions & { refreshTtlS: number; driver: DriverBindingOptions },
  ): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_OPTIONS, useValue: options },
        { provide: REFRESH_TOKEN_TTL_S, useValue: options.refreshTtlS },
        { provide: DRIVER_BINDING_OPTIONS, useValue: options.driver },
        TokenService,
        AuthSessionService,
        DriverShiftBinding,
      ],
      exports: [TokenService, AuthSessionService, DriverShiftBinding],
    };
  }

  /** The module options from the validated configuration. */
  static fromConfig(config: {
    JWT_KEYRING: { kid: string; secret: string }[];
    JWT_ACTIVE_KID: string;
    ACCESS_TOKEN_TTL_S: number;
    REFRESH_TOKEN_TTL_S: number;
    DRIVER_SIGN_IN_LEAD_MIN: number;
    DRIVER_TOKEN_GRACE_S: number;
  }): DynamicModule {
    return AuthModule.forRoot({
      keys: config.JWT_KEYRING,
      activeKid: config.JWT_ACTIVE_KID,
      accessTtlS: config.ACCESS_TOKEN_TTL_S,
      refreshTtlS: config.REFRESH_TOKEN_TTL_S,
      driver: {
        signInLeadS: config.DRIVER_SIGN_IN_LEAD_MIN * 60,
        graceS: config.DRIVER_TOKEN_GRACE_S,
      },
    });
  }
}
