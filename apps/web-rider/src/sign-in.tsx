import { PhoneSignIn } from '@app/web-ui';
import { useEffect, useState } from 'preact/hooks';
import { api, session } from './api';
import { useApp } from './app';
import { errorText } from './i18n';
import { lastCounty, officesFor, type TransportOffice } from './offices';

/**
 * Sign-in by phone code; the code is also announced, for screen-reader users. A landline
 * cannot get the code: the rider is told so in plain words and given the transport office's
 * number to book by phone, which is also shown under the form for anyone without a mobile. With
 * several counties that is the office of the county whose stops the rider chose last on this
 * phone, or, before any, every office with its county's name.
 */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t, announce } = useApp();
  const [offices, setOffices] = useState<TransportOffice[]>([]);
  useEffect(() => {
    api
      .offices()
      .then((all) => setOffices(officesFor(all, lastCounty())))
      .catch(() => undefined);
  }, []);
  const text = (e: unknown) => {
    const fields = (e as { fields?: Array<{ code: string }> })?.fields ?? [];
    if (fields.some((f) => f.code === 'not_mobile'))
      return offices.length > 1
        ? t.notMobileSeveral
        : t.notMobile(offices[0]?.bookingPhone.display ?? null);
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
      {offices.length === 1 && (
        <p class="by-phone" data-testid="office-phone">
          {t.byPhone}{' '}
          <a href={`tel:${offices[0].bookingPhone.e164}`}>{offices[0].bookingPhone.display}</a>
        </p>
      )}
      {offices.length > 1 && (
        <div class="by-phone" data-testid="office-phones">
          <p>{t.byPhoneSeveral}</p>
          <ul>
            {offices.map((o) => (
              <li key={o.countyCode}>
                {o.name}: <a href={`tel:${o.bookingPhone.e164}`}>{o.bookingPhone.display}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
