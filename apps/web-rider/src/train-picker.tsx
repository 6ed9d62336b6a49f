import { useEffect, useState } from 'preact/hooks';
import { api, serverNow, TrainCall } from './api';
import { useApp } from './app';
import { clock } from './i18n';

interface Props {
  stopId: string;
  /** `departures`: trains the rider catches; `arrivals`: trains the rider comes by. */
  kind: 'departures' | 'arrivals';
  /** Local date, YYYY-MM-DD. */
  date: string;
  value: TrainCall | null;
  onChange(call: TrainCall | null): void;
}

/** The trains at a station on a day, from the timetable; the rider picks one. */
export function TrainPicker({ stopId, kind, date, value, onChange }: Props) {
  const { t, lang } = useApp();
  const [calls, setCalls] = useState<TrainCall[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    setCalls(null);
    setFailed(false);
    onChange(null);
    // The whole local day; the browser's offset for that date is the station's (Europe/Berlin).
    const from = new Date(`${date}T00:00`);
    const to = new Date(from.getTime() + 24 * 3600_000);
    api
      .trains(stopId, kind, from.toISOString(), to.toISOString())
      .then((list) => setCalls(list.filter((c) => Date.parse(at(c)) > serverNow().getTime())))
      .catch(() => setFailed(true));
  }, [stopId, kind, date]);

  const at = (c: TrainCall) => (kind === 'departures' ? c.departureAt : c.arrivalAt);
  if (failed) return <p class="error">{t.trainsUnavailable}</p>;
  if (!calls) return <p class="note">{t.loadingTrains}</p>;
  if (calls.length === 0) return <p class="note">{t.noTrains}</p>;
  return (
    <div
      class="choices trains"
      role="radiogroup"
      aria-label={kind === 'departures' ? t.pickDeparture : t.pickArrival}
    >
      {calls.map((c) => (
        <label
          key={`${c.tripId}-${c.serviceDate}`}
          class={`choice ${value?.tripId === c.tripId ? 'chosen' : ''}`}
        >
          <input
            type="radio"
            name={`train-${kind}`}
            checked={value?.tripId === c.tripId}
            onChange={() => onChange(c)}
          />
          <span>
            <strong>{clock(at(c), lang)}</strong> {c.route}{' '}
            {kind === 'departures' ? `→ ${c.headsign}` : `${t.fromPlace} ${c.origin}`}
            {c.platform && (
              <small>
                {' '}
                · {t.platform} {c.platform}
              </small>
            )}
          </span>
        </label>
      ))}
    </div>
  );
}
