import { PhoneSignIn } from '@app/web-ui';
import { api, session } from './api';
import { useApp } from './app';
import { errorText } from './i18n';

/** Sign-in by phone code; the code is also announced, for screen-reader users. */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t, announce } = useApp();
  return (
    <PhoneSignIn
      t={t}
      intro={t.signInIntro}
      auth={api}
      session={session}
      errorText={(e) => errorText(e, t)}
      buttonClass={{ submit: 'primary', other: 'secondary' }}
      codePattern="[0-9 ]{6,7}"
      onCodeSent={() => announce(t.codeSent)}
      onSignedIn={onSignedIn}
    />
  );
}
