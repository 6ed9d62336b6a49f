import { PhoneSignIn } from '@app/web-ui';
import { useEffect, useState } from 'preact/hooks';
import { api, BookingOptions, session } from './api';
import { useApp } from './app';
import { errorText } from './i18n';

/**
 * Sign-in by phone code; the code is also announced, for screen-reader users. A landline
 * cannot get the code: the rider is told so in plain words and given the transport office's
 * number to book by phone, which is also shown under the form for anyone without a mobile.
 */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t, announce } = useApp();
  const [office, setOffice] = useState<BookingOptions['bookingPhone']>(null);
  useEffect(() => {
    api
      .options()
      .then((o) => setOffice(o.bookingPhone ?? null))
      .catch(() => undefined);
  }, []);
  const text = (e: unknown) => {
    const fields = (e as { fields?: Array<{ code: string }> })?.fields ?? [];
    if (fields.some((f) => f.code === 'not_mobile')) return t.notMobile(office?.display ?? null);
    return errorText(e, t);
  };
  return (
    <>
      <PhoneSignIn
        t={t}
        intro={t.signInIntro}
        auth={api}
        session={session}
        errorText={text}
        buttonClass={{ submit: 'primary', other: 'secondary' }}
        codePattern="[0-9 ]{6,7}"
        onCodeSent={() => announce(t.codeSent)}
        onSignedIn={onSignedIn}
      />
      {office && (
        <p class="by-phone" data-testid="office-phone">
          {t.byPhone} <a href={`tel:${office.e164}`}>{office.display}</a>
        </p>
      )}
    </>
  );
}
