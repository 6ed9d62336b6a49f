import { useEffect, useState } from 'preact/hooks';
import { api, Booking } from './api';
import { useApp } from './app';
import { clock, day, errorText } from './i18n';

/** The offer before the rider commits: pickup window, latest arrival, how long it is held. */
export function OfferView({ booking: initial }: { booking: Booking }) {
  const { t, lang, go, announce } = useApp();
  const [b, setB] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // A round trip: the way back is offered as its own booking, shown and accepted with this one.
  const [back, setBack] = useState<Booking | null>(null);
  useEffect(() => {
    if (!b.linkedBookingId || (back && back.status !== 'requested')) return;
    const timer = setTimeout(
      () =>
        api
          .booking(b.linkedBookingId!)
          .then(setBack)
          .catch(() => undefined),
      back ? 1500 : 0,
    );
    return () => clearTimeout(timer);
  }, [b.linkedBookingId, back]);

  // The dispatcher may still be deciding: ask again until it has.
  useEffect(() => {
    if (b.status !== 'requested') return;
    const timer = setTimeout(
      () =>
        api
          .booking(b.id)
          .then(setB)
          .catch(() => undefined),
      1500,
    );
    return () => clearTimeout(timer);
  }, [b]);
  useEffect(() => {
    if (b.status === 'offered' && b.promise)
      announce(
        `${t.offerTitle}: ${t.pickup} ${t.between} ${clock(b.promise.pickupFrom, lang)} ${t.and} ${clock(b.promise.pickupTo, lang)}`,
      );
    if (b.status === 'rejected') announce(rejectedText());
  }, [b.status]);

  const alternatives = b.status === 'rejected' ? (b.alternatives ?? []) : [];
  /** Why the ride was turned down: for lack of room (the usual case) or the booking's reason. */
  const why = (b.reason && t.rejectedWhy[b.reason.code]) || t.rejected;
  const rejectedText = () =>
    alternatives.length
      ? `${t.noSeatAt(clock(b.requestedTime, lang), b.timeKind === 'arrive_by')} ${t.possible} ${alternatives.map((a) => clock(a, lang)).join(' / ')}`
      : why;
  // Another time is a new booking through the normal request: every limit applies again.
  const bookAlternative = async (time: string) => {
    setBusy(true);
    setError('');
    try {
      setB(
        await api.offer({
          fromStopId: b.fromStop.id,
          toStopId: b.toStop.id,
          timeKind: b.timeKind,
          time,
          // A ride to or from a train keeps its train: late or cancelled, it is followed.
          ...(b.train
            ? { train: { tripId: b.train.tripId, serviceDate: b.train.serviceDate } }
            : {}),
          passengers: b.passengers,
          wheelchairPlaces: b.wheelchairPlaces,
        }),
      );
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const accept = async () => {
    setBusy(true);
    try {
      const confirmed = await api.accept(b.id);
      if (back?.status === 'offered') await api.accept(back.id);
      announce(t.booked);
      go({ name: 'ride', bookingId: confirmed.id });
    } catch (e) {
      setError(errorText(e, t));
      api
        .booking(b.id)
        .then(setB)
        .catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };
  const decline = async () => {
    setBusy(true);
    await api.cancel(b.id, !!b.linkedBookingId).catch(() => undefined);
    setBusy(false);
    go({ name: 'rides' });
  };

  const p = b.promise;
  return (
    <section aria-labelledby="offer-h">
      <h2 id="offer-h" tabIndex={-1}>
        {t.offerTitle}
      </h2>
      <p class="route">
        <strong>{b.fromStop.name}</strong> → <strong>{b.toStop.name}</strong>
        <br />
        {t.persons(b.passengers)}
        {b.wheelchairPlaces > 0 && ` · ♿ ${t.wheelchair}`}
      </p>
      {b.status === 'requested' && <p class="note">{t.asking}</p>}
      {b.status === 'rejected' && alternatives.length === 0 && (
        <p class="error" role="alert">
          {why}
        </p>
      )}
      {alternatives.length > 0 && (
        <div data-testid="alternatives">
          <p class="error" role="alert">
            {t.noSeatAt(clock(b.requestedTime, lang), b.timeKind === 'arrive_by')} {t.possible}
          </p>
          <div class="actions">
            {alternatives.map((a) => (
              <button
                key={a}
                class="primary"
                disabled={busy}
                aria-label={t.bookAlternative(clock(a, lang))}
                onClick={() => bookAlternative(a)}
              >
                {clock(a, lang)}
              </button>
            ))}
          </div>
        </div>
      )}
      {b.status === 'expired' && (
        <p class="error" role="alert">
          {t.expired}
        </p>
      )}
      {p && b.status === 'offered' && (
        <>
          <dl class="offer">
            <dt>{t.pickup}</dt>
            <dd data-testid="pickup-window">
              {day(p.pickupFrom, lang)}, {t.between} {clock(p.pickupFrom, lang)} {t.and}{' '}
              {clock(p.pickupTo, lang)}
            </dd>
            <dt>{t.arrival}</dt>
            <dd data-testid="latest-arrival">{clock(p.latestArrival, lang)}</dd>
            {b.train && (
              <>
                <dt>{t.train}</dt>
                <dd data-testid="offer-train">
                  {b.train.route}{' '}
                  {b.train.role === 'catch'
                    ? `→ ${b.train.headsign ?? ''}, ${t.departs} ${clock(b.train.scheduledAt, lang)}`
                    : `${t.fromPlace} ${b.train.headsign ?? ''}, ${t.arrives} ${clock(b.train.scheduledAt, lang)}`}
                </dd>
              </>
            )}
          </dl>
          {back && (
            <dl class="offer" data-testid="offer-return">
              <dt>
                {t.returnLeg}: {back.fromStop.name} → {back.toStop.name}
              </dt>
              <dd>
                {back.status === 'offered' && back.promise
                  ? `${t.between} ${clock(back.promise.pickupFrom, lang)} ${t.and} ${clock(back.promise.pickupTo, lang)}`
                  : back.status === 'requested'
                    ? t.asking
                    : t.status[back.status]}
              </dd>
            </dl>
          )}
          {b.offerExpiresAt && (
            <p class="note">
              {t.offerHeld} {clock(b.offerExpiresAt, lang)}.
            </p>
          )}
          <div class="actions">
            <button class="primary big" disabled={busy} onClick={accept}>
              {t.accept}
            </button>
            <button class="secondary" disabled={busy} onClick={decline}>
              {t.decline}
            </button>
          </div>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {b.status !== 'offered' && b.status !== 'requested' && (
        <button class="secondary" onClick={() => go({ name: 'book' })}>
          {t.newRide}
        </button>
      )}
    </section>
  );
}
