import { useState } from 'preact/hooks';
import { api, ApiError, session } from './api';
import type { Texts } from './i18n';

/** Sign-in by phone code; only numbers on file as drivers get a code. */
export function SignIn({ t, onSignedIn }: { t: Texts; onSignedIn(): void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [error, setError] = useState('');
  const fail = (e: unknown) => setError((e instanceof ApiError && t.errors[e.code]) || t.error);

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
      <h2 id="signin-h">{t.signInTitle}</h2>
      {step === 'phone' ? (
        <form onSubmit={send}>
          <label for="phone">{t.phone}</label>
          <input
            id="phone"
            type="tel"
            autoComplete="tel"
            required
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          <button class="go">{t.sendCode}</button>
        </form>
      ) : (
        <form onSubmit={verify}>
          <p>{t.codeSent}</p>
          <label for="code">{t.code}</label>
          <input
            id="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button class="go">{t.signIn}</button>
          <button type="button" class="plain" onClick={() => setStep('phone')}>
            {t.otherNumber}
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
