import { errorText, PhoneSignIn } from '@app/web-ui';
import { api, session } from './api';
import type { Texts } from './i18n';

/** Sign-in by phone code; only numbers on file as drivers get a code. */
export function SignIn({ t, onSignedIn }: { t: Texts; onSignedIn(): void }) {
  return (
    <PhoneSignIn
      t={t}
      auth={api}
      session={session}
      errorText={(e) => errorText(e, t)}
      buttonClass={{ submit: 'go', other: 'plain' }}
      onSignedIn={onSignedIn}
    />
  );
}
