import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, realtimeUrl, session, Shift } from './api';
import { DriverLink, StopEvent, TripList } from './driver-link';
import { hhmm, NextStop } from './next-stop';
import { RouteMap } from './route-map';
import { SignIn } from './sign-in';

export function App() {
  const [signedIn, setSignedIn] = useState(!!session.token);
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

  useEffect(() => {
    if (!signedIn) return;
    api
      .shift()
      .then(setShift)
      .catch((e) =>
        e instanceof ApiError && e.status === 401 ? setSignedIn(false) : setNoShift(true),
      );
  }, [signedIn]);

  // The shift has started: connect, share the phone's position about once a second.
  useEffect(() => {
    if (!started) return;
    let watch: number | undefined;
    let last: GeolocationPosition | undefined;
    (async () => {
      link.current = new DriverLink(await realtimeUrl(), session.token!, {
        tripList: setTrips,
        online: (connected, pending) => setOnline({ connected, pending }),
        refused: (ev, reason) => setMessage(`Meldung „${ev.type}“ abgelehnt: ${reason}`),
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
    map.current ??= new RouteMap(mapEl.current);
    map.current.showStops(ahead);
  }, [started, trips]);

  const send = (e: StopEvent) => {
    link.current?.send(e);
    if (e.type === 'arrived' && e.stopId) setArrived({ ...arrived, [e.stopId]: true });
    if ((e.type === 'boarded' || e.type === 'no_show') && e.bookingId)
      setDone({ ...done, [e.bookingId]: e.type });
    setMessage(
      {
        arrived: 'Ankunft gemeldet.',
        departed: 'Abfahrt gemeldet.',
        boarded: 'Einstieg gemeldet.',
        no_show: 'Nicht erschienen gemeldet.',
      }[e.type],
    );
  };

  if (!signedIn)
    return (
      <Frame>
        <SignIn onSignedIn={() => setSignedIn(true)} />
      </Frame>
    );

  return (
    <Frame>
      <div class={`conn ${online.connected ? 'ok' : 'off'}`} role="status" aria-live="polite">
        {!started
          ? ''
          : online.connected
            ? `Verbunden${online.pending ? ` · ${online.pending} Meldungen werden gesendet` : ''}`
            : `Keine Verbindung – ${online.pending} Meldungen gespeichert, werden nachgesendet`}
      </div>
      {message && (
        <p class="msg" role="status" aria-live="polite">
          {message}
        </p>
      )}
      {noShift && <p class="error">Für Sie läuft gerade keine Schicht.</p>}
      {shift && (
        <section class="shift" aria-label="Schicht">
          <p>
            <strong>{shift.driver.name}</strong> · Fahrzeug{' '}
            <strong>{shift.vehicle.callSign}</strong> · Schicht {hhmm(shift.startsAt)}–
            {hhmm(shift.endsAt)}
          </p>
          {!started && (
            <button class="go huge" onClick={() => setStarted(true)}>
              Schicht beginnen
            </button>
          )}
          {started && gps === 'denied' && (
            <p class="error">Standort nicht freigegeben – Position wird nicht gesendet.</p>
          )}
        </section>
      )}
      {started && online.connected && !next && <p class="big-note">Keine Halte geplant.</p>}
      {started && next && (
        <NextStop stop={next} arrived={!!arrived[next.stopId]} done={done} send={send} />
      )}
      {started && (
        <div
          ref={mapEl}
          class="map"
          role="region"
          aria-label="Karte: Weg zum nächsten Halt (Luftlinie)"
        />
      )}
      {started && ahead.length > 1 && (
        <section aria-labelledby="later-h">
          <h2 id="later-h">Danach</h2>
          <ol class="later" data-testid="trip-list">
            {ahead.slice(1).map((s) => (
              <li key={`${s.index}-${s.stopId}`}>
                <strong>{hhmm(s.plannedArrivalAt)}</strong> {s.name}
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

function Frame({ children }: { children: preact.ComponentChildren }) {
  return (
    <>
      <header class="top">
        <h1>Rufbus Kusel · Fahrer</h1>
      </header>
      <main>{children}</main>
    </>
  );
}
