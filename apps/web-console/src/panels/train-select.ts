import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { TrainCall } from '@app/contracts';
import { api } from '../api';
import { t } from '../i18n';

export type { TrainCall };

const hhmm = (iso: string) =>
  new Date(iso).toLocaleTimeString('de-DE', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
  });

/**
 * For a phone booking to or from a station: the trains of the caller's day there (departures
 * at the destination to catch, or arrivals at the origin to be picked up after).
 */
export function TrainSelect(props: {
  stopId: string;
  kind: 'departures' | 'arrivals';
  /** Local date, YYYY-MM-DD. */
  date: string;
  value: string;
  onChange: (train: TrainCall | null) => void;
}) {
  const [calls, setCalls] = useState<TrainCall[]>([]);
  useEffect(() => {
    const from = new Date(`${props.date}T00:00`);
    const to = new Date(from.getTime() + 24 * 3600_000);
    const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    api<Record<string, TrainCall[]>>('GET', `/v1/hubs/${props.stopId}/${props.kind}?${q}`)
      .then((r) => setCalls(r[props.kind] ?? []))
      .catch(() => setCalls([]));
    props.onChange(null);
  }, [props.stopId, props.kind, props.date]);
  const at = (c: TrainCall) => (props.kind === 'departures' ? c.departureAt : c.arrivalAt);
  return html`<label
    >${t('train')}
    <select
      name="train"
      value=${props.value}
      onChange=${(e: Event) =>
        props.onChange(
          calls.find((c) => c.tripId === (e.target as HTMLSelectElement).value) ?? null,
        )}
    >
      <option value=""></option>
      ${calls.map(
        (c) =>
          html`<option value=${c.tripId}>
            ${hhmm(at(c))} ${c.route}
            ${props.kind === 'departures' ? `→ ${c.headsign}` : `← ${c.origin}`}
          </option>`,
      )}
    </select></label
  >`;
}
