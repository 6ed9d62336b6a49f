import { ApiError, realtimeUrl } from '@app/web-ui';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, session, Shift } from './api';
import { DriverLink, StopEvent, TripList } from './driver-link';
import { clock, initialLang, Lang, refusalText, saveLang, texts, Texts } from './i18n';
import type { Guidance } from './guidance';
import { Instruction } from './instruction';
import { NextStop } from './next-stop';
import { RouteKind, RouteMap } from './route-map';
import { SignIn } from './sign-in';

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang());
  const t = texts[lang];
  const [signedIn, setSignedIn] = useState(!!session.token);
  /** Why the driver was signed out (an API error code), for the sign-in page to say. */
  const [ended, setEnded] = useState<string | null>(session.token ? null : session.endedBecause);
  const [shift, setShift] = useState<Shift | null>(null);
  const [noShift, setNoShift] = useState(false);
  const [started, setStarted] = useState(false);
  const [trips, setTrips] = useState<TripList | null>(null);
  const [online, setOnline] = useState({ connected: false, pending: 0 });
  const [arrived, setArrived] = useState<Record<string, boolean>>({});
  const [done, setDone] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [gps, setGps] = useState<'off' | 'on' | 'denied'>('off');
  const link = useRef<DriverLink | null>(null);
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<RouteMap | null>(null);
  const [route, setRoute] = useState<RouteKind | null>(null);
  const [guidance, setGuidance] = useState<Guidance | null>(null);
  // The link's callbacks outlive renders; they read the texts of the language chosen now.
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.docTitle;
    saveLang(lang);
  }, [lang]);

  /**
   * The session ended (the shift it was signed in for is over or was changed by the office, or
   * it expired): back to the sign-in page, which says why.
   */
  const signOut = (why?: string) => {
    setEnded(session.endedBecause ?? why ?? 'session_ended');
    session.token = null;
    setStarted(false);
    setShift(null);
    setNoShift(false);
    setSignedIn(false);
  };

  useEffect(() => {
    if (!signedIn) return;
    api
      .shift()
      .then(setShift)
      .catch((e) =>
        e instanceof ApiError && e.status === 401 ? signOut(e.code) : setNoShift(true),
      );
  }, [signedIn]);

  // The shift has started: connect, share the phone's position about once a second.
  useEffect(() => {
    if (!started) return;
    let watch: number | undefined;
    let last: GeolocationPosition | undefined;
    (async () => {
      link.current = new DriverLink(realtimeUrl(await api.clientConfig()), session, {
        signedOut: signOut,
        tripList: setTrips,
        online: (connected, pending) => setOnline({ connected, pending }),
        refused: (ev, error) => {
          const t = tRef.current;
          setMessage(t.refused(t.event[ev.type], refusalText(t, error.code)));
          // Not done after all (e.g. a no-show too early): the rider's buttons come back.
          const { bookingId } = ev;
          if (bookingId)
            setDone((d) => {
              const rest = { ...d };
              delete rest[bookingId];
              return rest;
            });
        },
      });
      watch = navigator.geolocation.watchPosition(
        (p) => {
          last = p;
          setGps('on');
          link.current?.position(p);
          map.current?.moveBus(p.coords.latitude, p.coords.longitude);
        },
        () => setGps('denied'),
        { enableHighAccuracy: true, maximumAge: 1000 },
      );
    })();
    const beat = setInterval(() => last && link.current?.position(last), 1000);
    return () => {
      clearInterval(beat);
      if (watch !== undefined) navigator.geolocation.clearWatch(watch);
      link.current?.close();
    };
  }, [started]);

  const ahead = (trips?.stops ?? []).filter((s) => !s.departedAt);
  const next = ahead[0];

  useEffect(() => {
    if (!started || !mapEl.current) return;
    map.current ??= new RouteMap(mapEl.current, setRoute, setGuidance, t.roadsSynthetic);
    map.current.showStops(ahead);
  }, [started, trips]);

  const send = (e: StopEvent) => {
    link.current?.send(e);
    if (e.type === 'arrived' && e.stopId) setArrived({ ...arrived, [e.stopId]: true });
    if ((e.type === 'boarded' || e.type === 'no_show') && e.bookingId)
      setDone({ ...done, [e.bookingId]: e.type });
    setMessage(t.sent[e.type]);
  };

  const toggle = () => setLang(lang === 'de' ? 'en' : 'de');
  if (!signedIn)
    return (
      <Frame t={t} lang={lang} toggle={toggle}>
        {ended && (
          <p class="error" role="alert" data-testid="signed-out">
            {t.signInAgain[ended] ?? t.signInAgain.session_ended}
          </p>
        )}
        <SignIn
          t={t}
          onSignedIn={() => {
            setEnded(null);
            setSignedIn(true);
          }}
        />
      </Frame>
    );

  return (
    <Frame t={t} lang={lang} toggle={toggle}>
      <div class={`conn ${online.connected ? 'ok' : 'off'}`} role="status" aria-live="polite">
        {!started
          ? ''
          : online.connected
            ? `${t.connected}${online.pending ? t.sending(online.pending) : ''}`
            : t.offline(online.pending)}
      </div>
      {message && (
        <p class="msg" role="status" aria-live="polite">
          {message}
        </p>
      )}
      {noShift && <p class="error">{t.noShift}</p>}
      {shift && (
        <section class="shift" aria-label={t.shift}>
          <p>
            <strong>{shift.driver.name}</strong> · {t.vehicle}{' '}
            <strong>{shift.vehicle.callSign}</strong> · {t.shift} {clock(shift.startsAt, lang)}–
            {clock(shift.endsAt, lang)}
          </p>
          {!started && (
            <button class="go huge" onClick={() => setStarted(true)}>
              {t.startShift}
            </button>
          )}
          {started && gps === 'denied' && <p class="error">{t.gpsDenied}</p>}
        </section>
      )}
      {started && online.connected && !next && <p class="big-note">{t.noStops}</p>}
      {started && next && (
        <NextStop
          t={t}
          lang={lang}
          stop={next}
          arrived={!!arrived[next.stopId]}
          done={done}
          send={send}
        />
      )}
      {started && next && route === 'road' && guidance && (
        <Instruction t={t} lang={lang} guidance={guidance} />
      )}
      {started && next && route === 'straight' && (
        <p class="msg" role="status" data-testid="route-fallback">
          {t.routeFailed}
        </p>
      )}
      {started && (
        <div
          ref={mapEl}
          class="map"
          role="region"
          aria-label={route === 'straight' ? t.mapStraight : t.mapRoad}
        />
      )}
      {started && ahead.length > 1 && (
        <section aria-labelledby="later-h">
          <h2 id="later-h">{t.later}</h2>
          <ol class="later" data-testid="trip-list">
            {ahead.slice(1).map((s) => (
              <li key={`${s.index}-${s.stopId}`}>
                <strong>{clock(s.plannedArrivalAt, lang)}</strong> {s.name}
                {s.boarding.length > 0 && ` · ↑ ${s.boarding.map((p) => p.riderName).join(', ')}`}
                {s.alighting.length > 0 && ` · ↓ ${s.alighting.map((p) => p.riderName).join(', ')}`}
              </li>
            ))}
          </ol>
        </section>
      )}
    </Frame>
  );
}

interface FrameProps {
  t: Texts;
  lang: Lang;
  toggle(): void;
  children: preact.ComponentChildren;
}

function Frame({ t, lang, toggle, children }: FrameProps) {
  return (
    <>
      <header class="top">
        <h1>{t.title}</h1>
        <button
          type="button"
          class="plain lang"
          lang={lang === 'de' ? 'en' : 'de'}
          aria-label={t.languageLabel}
          onClick={toggle}
        >
          {t.language}
        </button>
      </header>
      <main>{children}</main>
    </>
  );
}
