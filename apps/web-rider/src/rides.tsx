import { useEffect, useRef, useState } from 'preact/hooks';
import { api, Booking } from './api';
import { useApp } from './app';
import { clock, day, errorText } from './i18n';

const UPCOMING = new Set(['requested', 'offered', 'confirmed', 'picked_up']);
const CANCELLABLE = new Set(['requested', 'offered', 'confirmed']);

export function Rides() {
  const { t, lang, go, announce } = useApp();
  const [rides, setRides] = useState<Booking[] | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () =>
    api
      .bookings()
      .then((r) => setRides(r.items))
      .catch((e) => setError(errorText(e, t)));
  useEffect(() => void load(), []);

  const cancel = async (b: Booking) => {
    if (!confirm(t.cancelConfirm)) return;
    // A round trip: ask whether the other leg goes too.
    const other = (rides ?? []).find((r) => r.id === b.linkedBookingId);
    const both =
      !!other &&
      CANCELLABLE.has(other.status) &&
      confirm(b.tripLeg === 'outbound' ? t.cancelReturnToo : t.cancelOutboundToo);
    try {
      await api.cancel(b.id, both);
      announce(t.cancelled);
      await load();
      // The pressed button went with the ride (now among past rides): without this, focus falls
      // to the start of the page and keyboard and screen-reader users lose their place.
      heading.current?.focus();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const returnTrip = (b: Booking) => {
    // Back from where this ride goes, a couple of hours after it arrives.
    const base = b.promise?.latestArrival ?? b.requestedTime;
    const time = new Date(Date.parse(base) + 2 * 3600_000).toISOString();
    go({
      name: 'book',
      prefill: {
        fromStopId: b.toStop.id,
        fromName: b.toStop.name,
        toStopId: b.fromStop.id,
        toName: b.fromStop.name,
        time,
        timeKind: 'depart_at',
        passengers: b.passengers,
        wheelchairPlaces: b.wheelchairPlaces,
      },
    });
  };

  const upcoming = (rides ?? [])
    .filter((b) => UPCOMING.has(b.status))
    .sort((a, b) => a.requestedTime.localeCompare(b.requestedTime));
  const past = (rides ?? []).filter((b) => !UPCOMING.has(b.status));

  const card = (b: Booking) => (
    <li class="card" key={b.id}>
      <h4>
        {b.fromStop.name} → {b.toStop.name}
      </h4>
      <p class="when">
        {day(b.promise?.pickupFrom ?? b.requestedTime, lang)},{' '}
        {b.promise
          ? `${t.pickup} ${clock(b.promise.pickupFrom, lang)}–${clock(b.promise.pickupTo, lang)}`
          : clock(b.requestedTime, lang)}
      </p>
      {b.train && (b.train.cancelled || b.train.delayMin > 0) && (
        <p class="hint" data-testid="train-news">
          {t.train} {b.train.route ?? ''}{' '}
          {b.train.cancelled ? t.trainCancelled : t.trainLate(b.train.delayMin)}
        </p>
      )}
      <p>
        <span class={`badge s-${b.status}`}>{t.status[b.status]}</span> · {t.persons(b.passengers)}
        {b.wheelchairPlaces > 0 && ` · ♿`}
        {b.tripLeg && ` · ↔ ${b.tripLeg === 'outbound' ? t.outboundLeg : t.returnLeg}`}
      </p>
      <div class="actions">
        {(b.status === 'confirmed' || b.status === 'picked_up') && (
          <button class="primary" onClick={() => go({ name: 'ride', bookingId: b.id })}>
            {t.follow}
          </button>
        )}
        {b.status === 'offered' && (
          <button class="primary" onClick={() => go({ name: 'offer', booking: b })}>
            {t.offerTitle}
          </button>
        )}
        {!b.linkedBookingId && (
          <button class="secondary" onClick={() => returnTrip(b)}>
            {t.returnTrip}
          </button>
        )}
        {CANCELLABLE.has(b.status) && (
          <button class="danger" onClick={() => cancel(b)}>
            {t.cancel}
          </button>
        )}
      </div>
    </li>
  );

  return (
    <section aria-labelledby="rides-h">
      <h2 id="rides-h" tabIndex={-1} ref={heading}>
        {t.myRides}
      </h2>
      <button class="primary big" onClick={() => go({ name: 'book' })}>
        {t.newRide}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h3>{t.upcoming}</h3>
      {rides && upcoming.length === 0 && <p>{t.noRides}</p>}
      <ul class="cards">{upcoming.map(card)}</ul>
      {past.length > 0 && (
        <>
          <h3>{t.past}</h3>
          <ul class="cards">{past.slice(0, 20).map(card)}</ul>
        </>
      )}
    </section>
  );
}
