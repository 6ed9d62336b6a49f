import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { OidcSignInService } from './oidc-sign-in.service';

const services = [OidcSignInService];

/** Sign-in for the transport office: OpenID Connect and local accounts. */
@Module({
  imports: [ApplicationModule],
  providers: services,
  exports: services,
})
export class OfficeAuthModule {}
