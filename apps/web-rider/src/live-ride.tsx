import { keepSocketToken, realtimeUrl, socketAuth } from '@app/web-ui';
import { useEffect, useRef, useState } from 'preact/hooks';
import { io, Socket } from 'socket.io-client';
import { api, Booking, BookingStatus, session } from './api';
import { useApp } from './app';
import { clock, day } from './i18n';
import { RideMap } from './ride-map';

interface Eta {
  bookingId: string;
  pickupAt: string | null;
  arrivalAt: string;
}
interface Position {
  vehicleId: string;
  lat: number;
  lon: number;
}

/** A ride while it is live: the vehicle on the map, the expected pickup, every change said aloud. */
export function LiveRide({ bookingId }: { bookingId: string }) {
  const { t, lang, go, announce } = useApp();
  const [b, setB] = useState<Booking | null>(null);
  const [eta, setEta] = useState<Eta | null>(null);
  const [hasVehicle, setHasVehicle] = useState(false);
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<RideMap | null>(null);
  const lastEtaMinute = useRef('');
  const promiseFrom = useRef<string | null>(null);

  useEffect(() => {
    let socket: Socket | undefined;
    let stopRenewing = () => undefined as void;
    let closed = false;
    const onPosition = (p: Position, vehicleId: string | null) => {
      if (vehicleId && p.vehicleId !== vehicleId) return;
      map.current?.moveVehicle(p.lat, p.lon, t.vehicle);
      setHasVehicle(true);
    };
    const onEta = (e: Eta) => {
      if (e.bookingId !== bookingId) return;
      // The bus may reach the stop early but leaves no earlier than promised: show no pickup
      // before the window opens, or riders hurry out for nothing.
      const from = promiseFrom.current;
      if (e.pickupAt && from && e.pickupAt < from) e = { ...e, pickupAt: from };
      setEta(e);
      const minute = clock(e.pickupAt ?? e.arrivalAt, lang);
      const key = `${e.pickupAt ? 'pickup' : 'arrival'} ${minute}`;
      // Say it only when the pickup minute shown changes, not on every refresh nor when the
      // display switches to the arrival (the status change is announced then).
      const last = lastEtaMinute.current;
      if (e.pickupAt && last.startsWith('pickup') && last !== key) announce(t.etaChanged(minute));
      lastEtaMinute.current = key;
    };

    (async () => {
      const booking = await api.booking(bookingId);
      if (closed) return;
      setB(booking);
      promiseFrom.current = booking.promise?.pickupFrom ?? null;
      map.current = new RideMap(mapEl.current!, t.roadsSynthetic);
      const [from, to] = await Promise.all([
        api.stop(booking.fromStop.id),
        api.stop(booking.toStop.id),
      ]);
      map.current.showStops([
        { ...from, kind: 'from' },
        { ...to, kind: 'to' },
      ]);
      socket = io(realtimeUrl(await api.clientConfig()), {
        auth: socketAuth(session),
        transports: ['websocket'],
      });
      stopRenewing = keepSocketToken(socket, session);
      const subscribe = async () => {
        const ack = await socket!.timeout(10_000).emitWithAck('subscribe', { bookingId });
        if (ack?.ok) {
          if (ack.data.position) onPosition(ack.data.position, booking.vehicleId);
          if (ack.data.eta) onEta(ack.data.eta);
        }
      };
      // After every (re)connect the gateway replays the state; subscribe again to be sure.
      socket.on('session.ready', () => void subscribe().catch(() => undefined));
      socket.on('vehicle.position', (p: Position) => onPosition(p, booking.vehicleId));
      socket.on('booking.eta', onEta);
      // Messages from the office and the dispatcher (pickup moved, bus about to arrive, at risk),
      // already in the rider's language.
      socket.on('rider.message', (m: { bookingId: string | null; text: string }) => {
        if (m.bookingId === bookingId) announce(m.text);
      });
      socket.on(
        'booking.status',
        (s: { bookingId: string; status: BookingStatus; previousStatus: BookingStatus | null }) => {
          if (s.bookingId !== bookingId) return;
          setB((old) => (old ? { ...old, status: s.status } : old));
          if (s.previousStatus) announce(t.changed(t.status[s.status]));
        },
      );
    })().catch(() => announce(t.error));
    return () => {
      closed = true;
      stopRenewing();
      socket?.close();
      map.current?.remove();
      map.current = null;
    };
  }, [bookingId]);

  return (
    <section aria-labelledby="ride-h">
      <button type="button" class="link back" onClick={() => go({ name: 'rides' })}>
        ← {t.back}
      </button>
      <h2 id="ride-h" tabIndex={-1}>
        {b ? `${b.fromStop.name} → ${b.toStop.name}` : t.follow}
      </h2>
      {b && (
        <div class="live-facts">
          <p>
            <span class={`badge s-${b.status}`} data-testid="ride-status">
              {t.status[b.status]}
            </span>
          </p>
          {b.promise && (
            <p>
              {day(b.promise.pickupFrom, lang)}: {t.pickup} {t.between}{' '}
              {clock(b.promise.pickupFrom, lang)} {t.and} {clock(b.promise.pickupTo, lang)}
            </p>
          )}
          {eta?.pickupAt && (
            <p class="eta" data-testid="eta">
              {t.expectedPickup}: <strong>{clock(eta.pickupAt, lang)}</strong>
            </p>
          )}
          {eta && !eta.pickupAt && (
            <p class="eta" data-testid="eta">
              {t.expectedArrival}: <strong>{clock(eta.arrivalAt, lang)}</strong>
            </p>
          )}
          {!hasVehicle && <p class="note">{t.vehicleNotYet}</p>}
        </div>
      )}
      <div ref={mapEl} class="map" role="region" aria-label={t.mapLabel} />
    </section>
  );
}
