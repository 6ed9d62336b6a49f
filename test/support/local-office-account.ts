import { createOperatorAccount, NewOperatorAccount, totpOf } from '@app/application';
import * as OTPAuth from 'otpauth';
import { BookingApiHarness } from './booking-api-harness';

/**
 * A local office account made as `npm run operator:create` makes it, signed in the way the
 * console signs in (password and TOTP code): the access token is the one a real user gets.
 */
export async function signedInLocalAccount(
  h: BookingApiHarness,
  input: NewOperatorAccount,
): Promise<{ token: string; accountId: string; countyId: string | null }> {
  const created = await createOperatorAccount(h.ds, input);
  const secret = (OTPAuth.URI.parse(created.otpauthUri) as OTPAuth.TOTP).secret.base32;
  const email = created.account.email;
  const res = await h.http
    .post('/v1/auth/local')
    .send({ email, password: created.password, totp: totpOf(email, secret).generate() })
    .expect(200);
  return {
    token: res.body.accessToken as string,
    accountId: created.account.id,
    countyId: created.account.countyId,
  };
}
