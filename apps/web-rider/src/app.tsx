import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { api, Booking, NewBooking, session } from './api';
import { BookForm } from './book';
import { initialLang, Lang, saveLang, texts, Texts } from './i18n';
import { LiveRide } from './live-ride';
import { OfferView } from './offer';
import { Rides } from './rides';
import { SignIn } from './sign-in';

export type View =
  | { name: 'rides' }
  | { name: 'book'; prefill?: Partial<NewBooking> & { fromName?: string; toName?: string } }
  | { name: 'offer'; booking: Booking }
  | { name: 'ride'; bookingId: string };

interface Ctx {
  t: Texts;
  lang: Lang;
  go(view: View): void;
  /** Tells screen-reader users (and everyone, in the banner) what just changed. */
  announce(message: string): void;
}
export const AppContext = createContext<Ctx>(null as unknown as Ctx);
export const useApp = () => useContext(AppContext);

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const [signedIn, setSignedIn] = useState(!!session.token);
  const [view, setView] = useState<View>({ name: 'rides' });
  const [message, setMessage] = useState('');
  const main = useRef<HTMLElement>(null);
  const t = texts[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.title;
    saveLang(lang);
  }, [lang]);

  // The messages about the rider's rides (SMS, and announced live here) are written on the
  // server in the rider's language: the one this app shows, told on sign-in and on each switch.
  useEffect(() => {
    if (signedIn) api.setLanguage(lang).catch(() => undefined);
  }, [lang, signedIn]);

  const go = useCallback((v: View) => {
    setView(v);
    setMessage('');
    // New screen: move focus to its heading, so keyboard and screen-reader users start there.
    requestAnimationFrame(() => main.current?.querySelector<HTMLElement>('h2')?.focus());
  }, []);
  const announce = useCallback((m: string) => {
    setMessage('');
    setTimeout(() => setMessage(m), 50);
  }, []);

  const signOut = () => {
    session.token = null;
    setSignedIn(false);
    setView({ name: 'rides' });
  };

  return (
    <AppContext.Provider value={{ t, lang, go, announce }}>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="top">
        <h1>{t.title}</h1>
        <div class="top-actions">
          <button
            type="button"
            class="link"
            lang={lang === 'de' ? 'en' : 'de'}
            aria-label={t.languageLabel}
            onClick={() => setLang(lang === 'de' ? 'en' : 'de')}
          >
            {t.language}
          </button>
          {signedIn && (
            <button type="button" class="link" onClick={signOut}>
              {t.signOut}
            </button>
          )}
        </div>
      </header>
      <div class="announce" role="status" aria-live="polite" aria-atomic="true">
        {message && <p>{message}</p>}
      </div>
      <main id="main" ref={main} tabIndex={-1}>
        {!signedIn ? (
          <SignIn onSignedIn={() => setSignedIn(true)} />
        ) : view.name === 'book' ? (
          <BookForm prefill={view.prefill} />
        ) : view.name === 'offer' ? (
          <OfferView booking={view.booking} />
        ) : view.name === 'ride' ? (
          <LiveRide bookingId={view.bookingId} />
        ) : (
          <Rides />
        )}
      </main>
    </AppContext.Provider>
  );
}
