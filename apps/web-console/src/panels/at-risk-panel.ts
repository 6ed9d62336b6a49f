import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, type AtRiskBooking, type FleetVehicle } from '../api';
import { fmtTime, t, type Key } from '../i18n';

const REASONS = new Set([
  'shift_removed',
  'shift_shortened',
  'vehicle_out_of_service',
  'vehicle_places_cut',
  'vehicle_breakdown',
  'train_cancelled',
  'train_delayed',
  'train_restored',
]);

interface Shift {
  id: string;
  vehicleId: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Bookings at risk, at the top of the console: a fleet change took them off their bus and no
 * other bus could keep the promise, or their train was cancelled or is too late to move along. For each: move it to a vehicle by hand, extend a shift of a
 * vehicle so it can, or cancel it with a message to the rider.
 */
export function AtRiskPanel(props: {
  items: AtRiskBooking[];
  vehicles: FleetVehicle[];
  onChanged: () => void;
}) {
  if (!props.items.length) return null;
  return html`<section class="at-risk" aria-labelledby="at-risk-h" data-testid="at-risk">
    <h2 id="at-risk-h">${t('atRiskTitle')} (${props.items.length})</h2>
    <p class="hint">${t('atRiskHint')}</p>
    <ul>
      ${props.items.map(
        (b) =>
          html`<${AtRiskItem}
            key=${b.id}
            b=${b}
            vehicles=${props.vehicles}
            onChanged=${props.onChanged}
          />`,
      )}
    </ul>
  </section>`;
}

function AtRiskItem(props: { b: AtRiskBooking; vehicles: FleetVehicle[]; onChanged: () => void }) {
  const { b } = props;
  const [vehicleId, setVehicleId] = useState(props.vehicles[0]?.id ?? '');
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const run = (f: () => Promise<unknown>, done: string) =>
    f()
      .then(() => {
        setNote(done);
        props.onChanged();
      })
      .catch((e: Error) => setNote(`${t('error')}: ${e.message}`));
  const move = () =>
    run(() => api('POST', `/v1/admin/bookings/${b.id}/move`, { vehicleId }), t('atRiskMoved'));
  const extend = () =>
    run(async () => {
      // The vehicle's shift that day which ends too early for the ride: until the ride is done.
      const day = b.promise.pickupFrom.slice(0, 10);
      const shifts = await api<Shift[]>(
        'GET',
        `/v1/admin/shifts?from=${day}T00:00:00Z&to=${day}T23:59:59Z&vehicleId=${vehicleId}`,
      );
      const shift = shifts
        .filter((s) => s.startsAt <= b.promise.pickupTo)
        .sort((x, y) => y.startsAt.localeCompare(x.startsAt))[0];
      if (!shift) throw new Error(t('atRiskNoShift'));
      const until = new Date(Date.parse(b.promise.latestArrival) + 30 * 60_000).toISOString();
      const res = await api<{ placedFromRisk: number }>('PATCH', `/v1/admin/shifts/${shift.id}`, {
        endsAt: until > shift.endsAt ? until : shift.endsAt,
      });
      if (!res.placedFromRisk) throw new Error(t('atRiskStill'));
    }, t('atRiskExtended'));
  const cancel = () =>
    run(
      () => api('POST', `/v1/admin/bookings/${b.id}/cancel-at-risk`, { message }),
      t('atRiskCancelled'),
    );
  const when = `${b.promise.pickupFrom.slice(0, 10)} ${fmtTime(b.promise.pickupFrom)}–${fmtTime(b.promise.pickupTo)}`;
  const who = [
    b.rider.name,
    b.rider.phone,
    `${b.fromStop.name} → ${b.toStop.name}`,
    when,
    `${b.passengers} ${t('passengers')}`,
    b.wheelchairPlaces ? t('wheelchair') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const reasonKey = `reason_${b.reason.code}` as Key;
  const reason = REASONS.has(b.reason.code) ? t(reasonKey) : (b.reason.text ?? b.reason.code);
  return html`<li data-booking=${b.id}>
    <div><b>${who}</b></div>
    <div class="hint" title=${b.reason.text ?? ''}>${reason}</div>
    <label
      >${t('vehicles')}
      <select
        value=${vehicleId}
        onChange=${(e: Event) => setVehicleId((e.target as HTMLSelectElement).value)}
      >
        ${props.vehicles.map(
          (v) =>
            html`<option value=${v.id}>
              ${v.callSign}${v.active ? '' : ` (${t('inactive')})`}
            </option>`,
        )}
      </select>
    </label>
    <button onClick=${move}>${t('atRiskMove')}</button>
    <button onClick=${extend}>${t('atRiskExtend')}</button>
    <label
      >${t('atRiskMessage')}
      <input
        value=${message}
        maxlength="300"
        onInput=${(e: Event) => setMessage((e.target as HTMLInputElement).value)}
      />
    </label>
    <button onClick=${cancel} disabled=${!message.trim()}>${t('atRiskCancel')}</button>
    ${note && html`<p class="msg" role="status">${note}</p>`}
  </li>`;
}
