import { useState } from 'preact/hooks';
import { api, session } from './api';
import { useApp } from './app';
import { errorText } from './i18n';

export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t, announce } = useApp();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.requestCode(phone);
      setStep('code');
      announce(t.codeSent);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const verify = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await api.verifyCode(phone, code);
      session.token = r.token;
      onSignedIn();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="signin-h">
      <h2 id="signin-h" tabIndex={-1}>
        {t.signInTitle}
      </h2>
      <p>{t.signInIntro}</p>
      {step === 'phone' ? (
        <form onSubmit={send}>
          <label for="phone">{t.phone}</label>
          <input
            id="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            required
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
          />
          <button class="primary" disabled={busy}>
            {t.sendCode}
          </button>
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
            pattern="[0-9 ]{6,7}"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button class="primary" disabled={busy}>
            {t.signIn}
          </button>
          <button type="button" class="secondary" onClick={() => setStep('phone')}>
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
