import { useState } from 'preact/hooks';
import type { PhoneAuth, TokenStore } from './http';

/** The sign-in form's texts; each app words them for its own users. */
export interface PhoneSignInTexts {
  signInTitle: string;
  phone: string;
  sendCode: string;
  codeSent: string;
  code: string;
  signIn: string;
  otherNumber: string;
}

export interface PhoneSignInProps {
  t: PhoneSignInTexts;
  /** A paragraph under the heading, if the app has one. */
  intro?: string;
  auth: PhoneAuth;
  /** Where the token goes once the code is right. */
  session: TokenStore;
  errorText(err: unknown): string;
  /** The CSS classes of the two submit buttons and of "other number", from the app's styles. */
  buttonClass: { submit: string; other: string };
  /** An HTML `pattern` the code must match before it is sent, if the app checks its form. */
  codePattern?: string;
  onCodeSent?(): void;
  onSignedIn(): void;
}

/** Sign-in in two steps: the phone number, then the code sent to it by text message. */
export function PhoneSignIn(props: PhoneSignInProps) {
  const { t, auth, buttonClass } = props;
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const attempt = async (e: Event, work: () => Promise<void>) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (err) {
      setError(props.errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const send = (e: Event) =>
    attempt(e, async () => {
      await auth.requestCode(phone);
      setStep('code');
      props.onCodeSent?.();
    });
  const verify = (e: Event) =>
    attempt(e, async () => {
      const signedIn = await auth.verifyCode(phone, code);
      if (props.session.signIn) props.session.signIn(signedIn);
      else props.session.token = signedIn.token;
      props.onSignedIn();
    });

  return (
    <section aria-labelledby="signin-h">
      <h2 id="signin-h" tabIndex={-1}>
        {t.signInTitle}
      </h2>
      {props.intro && <p>{props.intro}</p>}
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
          <button class={buttonClass.submit} disabled={busy}>
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
            pattern={props.codePattern}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button class={buttonClass.submit} disabled={busy}>
            {t.signIn}
          </button>
          <button type="button" class={buttonClass.other} onClick={() => setStep('phone')}>
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
