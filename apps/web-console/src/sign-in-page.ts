import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { currentLang, setLang, t, type Lang } from './i18n';
import { signInDev, signInLocal, signInMethods, startOidc, type SignInMethods } from './session';

/**
 * The console's sign-in: the county's identity provider when one is configured, else (or as
 * well) a local account with password and authenticator code; in development also a button
 * for a token without a login.
 */
export function SignInPage(props: { notice?: string }) {
  const [methods, setMethods] = useState<SignInMethods | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [msg, setMsg] = useState(props.notice ?? '');
  const [busy, setBusy] = useState(false);
  const [lang, setLangState] = useState<Lang>(currentLang());

  useEffect(() => {
    signInMethods()
      .then(setMethods)
      .catch(() => setMsg(t('signInUnavailable')));
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await signInLocal(email, password, totp).catch(() => 'invalid' as const);
    setBusy(false);
    if (r === 'ok') return;
    setMsg(t(r === 'too_many' ? 'signInTooMany' : 'signInInvalid'));
  };

  return html`<main class="signin">
    <label
      >${t('language')}
      <select
        name="lang"
        value=${lang}
        onChange=${(e: Event) => {
          const l = (e.target as HTMLSelectElement).value as Lang;
          setLang(l);
          setLangState(l);
        }}
      >
        <option value="de">Deutsch</option>
        <option value="en">English</option>
      </select>
    </label>
    <h2>${t('signInTitle')}</h2>
    ${msg && html`<p class="msg" role="alert">${msg}</p>`}
    ${
      methods?.oidc &&
      html`<p>
        <button type="button" name="oidc" class="primary" onClick=${startOidc}>
          ${t('signInOidc')}
        </button>
      </p>`
    }
    ${
      methods?.local &&
      html`<form onSubmit=${submit} aria-label=${t('signInLocal')}>
        <h3>${t('signInLocal')}</h3>
        <label
          >${t('email')}
          <input
            name="email"
            type="email"
            autocomplete="username"
            required
            value=${email}
            onInput=${(e: Event) => setEmail((e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t('password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value=${password}
            onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t('totp')}
          <input
            name="totp"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            required
            value=${totp}
            onInput=${(e: Event) => setTotp((e.target as HTMLInputElement).value.trim())}
        /></label>
        <button type="submit" disabled=${busy}>${t('signIn')}</button>
      </form>`
    }
    ${
      methods?.dev &&
      html`<p>
        <button type="button" name="dev" onClick=${() => void signInDev()}>
          ${t('signInDev')}
        </button>
      </p>`
    }
  </main>`;
}
