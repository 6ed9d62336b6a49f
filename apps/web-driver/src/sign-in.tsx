import { useState } from 'preact/hooks';
import { api, ApiError, session } from './api';

const MESSAGES: Record<string, string> = {
  invalid_code: 'Der Code stimmt nicht.',
  code_expired: 'Kein gültiger Code für diese Nummer. Bitte neuen Code anfordern.',
  too_many_attempts: 'Zu viele falsche Versuche. Bitte neuen Code anfordern.',
  rate_limited: 'Zu viele Codes angefordert. Bitte 10 Minuten warten.',
};

/** Sign-in by phone code; only numbers on file as drivers get a code. */
export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [error, setError] = useState('');
  const fail = (e: unknown) =>
    setError(
      (e instanceof ApiError && MESSAGES[e.code]) ||
        'Das hat nicht geklappt. Bitte erneut versuchen.',
    );

  const send = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      await api.requestCode(phone);
      setStep('code');
    } catch (err) {
      fail(err);
    }
  };
  const verify = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      session.token = (await api.verifyCode(phone, code)).token;
      onSignedIn();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section aria-labelledby="signin-h">
      <h2 id="signin-h">Anmelden</h2>
      {step === 'phone' ? (
        <form onSubmit={send}>
          <label for="phone">Ihre Telefonnummer</label>
          <input
            id="phone"
            type="tel"
            autoComplete="tel"
            required
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          <button class="go">Code senden</button>
        </form>
      ) : (
        <form onSubmit={verify}>
          <p>Der Code wurde per SMS gesendet (falls die Nummer als Fahrer/in hinterlegt ist).</p>
          <label for="code">Code (6 Ziffern)</label>
          <input
            id="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button class="go">Anmelden</button>
          <button type="button" class="plain" onClick={() => setStep('phone')}>
            Andere Nummer
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
