import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { LocalSignInService } from './local-sign-in.service';
import { OidcSignInService } from './oidc-sign-in.service';
import { OperatorAccountsService } from './operator-accounts.service';

const services = [OidcSignInService, LocalSignInService, OperatorAccountsService];

/** Sign-in for the transport office: OpenID Connect and local accounts. */
@Module({
  imports: [ApplicationModule],
  providers: services,
  exports: services,
})
export class OfficeAuthModule {}
