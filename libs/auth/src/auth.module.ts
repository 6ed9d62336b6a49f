import { DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TokenService } from './token.service';

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: { secret: string; ttlS: number }): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secret: options.secret,
          signOptions: { algorithm: 'HS256', expiresIn: options.ttlS },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      providers: [TokenService],
      exports: [TokenService],
    };
  }
}
