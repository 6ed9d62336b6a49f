import { useEffect, useState } from 'preact/hooks';
import { api, BookingOptions, NewBooking, serverNow, TrainCall } from './api';
import { useApp, View } from './app';
import { errorText } from './i18n';
import { StopPicker } from './stop-picker';
import { TrainPicker } from './train-picker';

type Prefill = Extract<View, { name: 'book' }>['prefill'];
type Place = { id: string; name: string };

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** A ride in a few choices on one page: from, to, when, who; then the offer. */
export function BookForm({ prefill }: { prefill?: Prefill }) {
  const { t, go, announce } = useApp();
  const [opts, setOpts] = useState<BookingOptions | null>(null);
  const [from, setFrom] = useState<Place | null>(
    prefill?.fromStopId ? { id: prefill.fromStopId, name: prefill.fromName ?? '' } : null,
  );
  const [to, setTo] = useState<Place | null>(
    prefill?.toStopId ? { id: prefill.toStopId, name: prefill.toName ?? '' } : null,
  );
  const initial = prefill?.time
    ? new Date(prefill.time)
    : new Date(serverNow().getTime() + 3600_000);
  const [asap, setAsap] = useState(!prefill?.time);
  // 'train': the time comes from a train at the station the ride ends (or starts) at.
  const [byTrain, setByTrain] = useState(false);
  const [train, setTrain] = useState<TrainCall | null>(null);
  const [station, setStation] = useState<{ id: string; kind: 'departures' | 'arrivals' } | null>(
    null,
  );
  const [date, setDate] = useState(localDate(initial));
  const [time, setTime] = useState(localTime(initial));
  const [timeKind, setTimeKind] = useState<NewBooking['timeKind']>(
    prefill?.timeKind ?? 'depart_at',
  );
  const [passengers, setPassengers] = useState(prefill?.passengers ?? 1);
  const [wheelchair, setWheelchair] = useState((prefill?.wheelchairPlaces ?? 0) > 0);
  const [withReturn, setWithReturn] = useState(false);
  const [returnAt, setReturnAt] = useState(localTime(new Date(initial.getTime() + 3 * 3600_000)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  // The rules of the county the ride starts in (one installation may serve several).
  useEffect(() => {
    api
      .options(from?.id)
      .then(setOpts)
      .catch(() => undefined);
  }, [from?.id]);
  // A ride to a station can catch a train there; a ride from one can follow a train's arrival.
  useEffect(() => {
    let live = true;
    const isStation = (id: string) =>
      api
        .stop(id)
        .then((s) => s.kind === 'hub' || s.kind === 'rail_station')
        .catch(() => false);
    (async () => {
      const found =
        to && (await isStation(to.id))
          ? { id: to.id, kind: 'departures' as const }
          : from && (await isStation(from.id))
            ? { id: from.id, kind: 'arrivals' as const }
            : null;
      if (!live) return;
      setStation(found);
      if (!found) setByTrain(false);
    })();
    return () => {
      live = false;
    };
  }, [from?.id, to?.id]);
  const hub = opts?.hub ? [{ id: opts.hub.id, name: opts.hub.name }] : [];
  const maxPassengers = opts?.maxPassengersPerBooking ?? 8;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!from || !to) {
      setError(`${!from ? t.from : t.to}: ${t.noStops}`);
      return;
    }
    if (byTrain && !train) {
      setError(`${t.train}: ${t.pickTrain}`);
      return;
    }
    const when = asap
      ? new Date(serverNow().getTime() + ((opts?.minNoticeMin ?? 30) + 2) * 60_000)
      : new Date(`${date}T${time}`);
    // The way back leaves the destination at the given time, on the outbound ride's day.
    const outboundDay = byTrain && train ? train.serviceDate : asap ? localDate(when) : date;
    const returnTrip = withReturn
      ? {
          timeKind: 'depart_at' as const,
          time: new Date(`${outboundDay}T${returnAt}`).toISOString(),
        }
      : undefined;
    setBusy(true);
    announce(t.asking);
    try {
      const booking = await api.offer({
        fromStopId: from.id,
        toStopId: to.id,
        ...(byTrain && train && station
          ? {
              timeKind: station.kind === 'departures' ? 'arrive_by' : 'depart_at',
              train: { tripId: train.tripId, serviceDate: train.serviceDate },
            }
          : { timeKind: asap ? 'depart_at' : timeKind, time: when.toISOString() }),
        passengers,
        wheelchairPlaces: wheelchair ? 1 : 0,
        ...(returnTrip ? { returnTrip } : {}),
      });
      go({ name: 'offer', booking });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="book-h">
      <button type="button" class="link back" onClick={() => go({ name: 'rides' })}>
        ← {t.back}
      </button>
      <h2 id="book-h" tabIndex={-1}>
        {t.newRide}
      </h2>
      <form onSubmit={submit}>
        <StopPicker id="from" legend={t.from} value={from} onChange={setFrom} nearby />
        <StopPicker id="to" legend={t.to} value={to} onChange={setTo} quick={hub} />
        <fieldset>
          <legend>{t.when}</legend>
          <div class="choices" role="radiogroup" aria-label={t.when}>
            <label class={`choice ${asap ? 'chosen' : ''}`}>
              <input
                type="radio"
                name="when"
                checked={asap && !byTrain}
                onChange={() => {
                  setAsap(true);
                  setByTrain(false);
                }}
              />
              <span>
                {t.asap}
                {opts && <small> ({opts.minNoticeMin} min)</small>}
              </span>
            </label>
            <label class={`choice ${!asap && !byTrain ? 'chosen' : ''}`}>
              <input
                type="radio"
                name="when"
                checked={!asap && !byTrain}
                onChange={() => {
                  setAsap(false);
                  setByTrain(false);
                }}
              />
              <span>{t.later}</span>
            </label>
            {station && (
              <label class={`choice ${byTrain ? 'chosen' : ''}`}>
                <input
                  type="radio"
                  name="when"
                  checked={byTrain}
                  onChange={() => {
                    setAsap(false);
                    setByTrain(true);
                  }}
                />
                <span>🚆 {station.kind === 'departures' ? t.toTrain : t.afterTrain}</span>
              </label>
            )}
          </div>
          {byTrain && station && (
            <div class="later">
              <label for="train-date">{t.date}</label>
              <input
                id="train-date"
                type="date"
                required
                value={date}
                onInput={(e) => setDate(e.currentTarget.value)}
              />
              <TrainPicker
                stopId={station.id}
                kind={station.kind}
                date={date}
                value={train}
                onChange={setTrain}
              />
            </div>
          )}
          {!asap && !byTrain && (
            <div class="later">
              <div class="inline">
                <div>
                  <label for="date">{t.date}</label>
                  <input
                    id="date"
                    type="date"
                    required
                    value={date}
                    onInput={(e) => setDate(e.currentTarget.value)}
                  />
                </div>
                <div>
                  <label for="time">{t.time}</label>
                  <input
                    id="time"
                    type="time"
                    required
                    value={time}
                    onInput={(e) => setTime(e.currentTarget.value)}
                  />
                </div>
              </div>
              <div class="choices" role="radiogroup" aria-label={t.time}>
                <label class={`choice ${timeKind === 'depart_at' ? 'chosen' : ''}`}>
                  <input
                    type="radio"
                    name="kind"
                    checked={timeKind === 'depart_at'}
                    onChange={() => setTimeKind('depart_at')}
                  />
                  <span>{t.departAt}</span>
                </label>
                <label class={`choice ${timeKind === 'arrive_by' ? 'chosen' : ''}`}>
                  <input
                    type="radio"
                    name="kind"
                    checked={timeKind === 'arrive_by'}
                    onChange={() => setTimeKind('arrive_by')}
                  />
                  <span>{t.arriveBy}</span>
                </label>
              </div>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t.passengers}</legend>
          <div class="stepper">
            <button
              type="button"
              class="secondary"
              aria-label={t.fewer}
              disabled={passengers <= 1}
              onClick={() => setPassengers(passengers - 1)}
            >
              −
            </button>
            <output aria-live="polite" aria-label={t.passengers}>
              {passengers}
            </output>
            <button
              type="button"
              class="secondary"
              aria-label={t.more}
              disabled={passengers >= maxPassengers}
              onClick={() => setPassengers(passengers + 1)}
            >
              +
            </button>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={wheelchair}
              onChange={(e) => setWheelchair(e.currentTarget.checked)}
            />
            <span>♿ {t.wheelchair}</span>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t.returnTrip}</legend>
          <label class="check">
            <input
              type="checkbox"
              name="withReturn"
              checked={withReturn}
              onChange={(e) => setWithReturn(e.currentTarget.checked)}
            />
            <span>{t.withReturn}</span>
          </label>
          {withReturn && (
            <div>
              <label for="return-time">{t.returnAt}</label>
              <input
                id="return-time"
                type="time"
                required
                value={returnAt}
                onInput={(e) => setReturnAt(e.currentTarget.value)}
              />
            </div>
          )}
        </fieldset>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="primary big" disabled={busy}>
          {busy ? t.asking : t.seeOffer}
        </button>
      </form>
    </section>
  );
}
