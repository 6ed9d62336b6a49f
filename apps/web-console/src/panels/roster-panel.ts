import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, serverNow, type FleetDriver, type FleetVehicle, type RosterLine } from '../api';
import { t, type Key } from '../i18n';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const today = () => serverNow().toISOString().slice(0, 10);

/**
 * The weekly shift roster: lines per weekday (vehicle, driver, hours, valid from/to), a form to
 * add one, ending a line, and single-day exceptions (call a day off, or other hours). Every
 * change is rolled forward into shifts at once by the server.
 */
export function RosterPanel(props: { vehicles: FleetVehicle[] }) {
  const [lines, setLines] = useState<RosterLine[]>([]);
  const [drivers, setDrivers] = useState<FleetDriver[]>([]);
  const [note, setNote] = useState('');
  const [form, setForm] = useState({
    vehicleId: '',
    driverId: '',
    weekday: 'mon',
    start: '05:00',
    end: '14:00',
    validFrom: today(),
    validTo: '',
  });
  const [exc, setExc] = useState({ lineId: '', date: today(), kind: 'cancel', start: '', end: '' });
  const load = async () => {
    setLines(await api<RosterLine[]>('GET', '/v1/admin/roster'));
    setDrivers(await api<FleetDriver[]>('GET', '/v1/admin/drivers'));
  };
  useEffect(() => void load().catch((e: Error) => setNote(e.message)), []);
  const callSign = (id: string) => props.vehicles.find((v) => v.id === id)?.callSign ?? id;
  const driverName = (id: string) => drivers.find((d) => d.id === id)?.name ?? id;
  const run = (f: () => Promise<{ rollForward?: { created: number } } | unknown>) =>
    f()
      .then(() => load())
      .then(() => setNote(t('rosterSaved')))
      .catch((e: Error) => setNote(`${t('error')}: ${e.message}`));
  const field = (k: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const add = () =>
    run(() =>
      api('POST', '/v1/admin/roster', {
        ...form,
        validTo: form.validTo || undefined,
      }),
    );
  const endLine = (l: RosterLine) =>
    run(() => api('PATCH', `/v1/admin/roster/${l.id}`, { validTo: today() }));
  const setException = () =>
    run(() =>
      api('PUT', `/v1/admin/roster/${exc.lineId}/exceptions`, {
        date: exc.date,
        kind: exc.kind,
        ...(exc.kind === 'change' && exc.start ? { start: exc.start } : {}),
        ...(exc.kind === 'change' && exc.end ? { end: exc.end } : {}),
      }),
    );
  return html`<div class="roster" data-testid="roster">
    ${note && html`<p class="msg" role="status">${note}</p>`}
    ${WEEKDAYS.map((wd) => {
      const day = lines.filter((l) => l.weekday === wd);
      return html`<details key=${wd} open=${wd === 'mon'}>
        <summary>${t(`wd_${wd}` as Key)} (${day.length})</summary>
        <ul>
          ${day.map(
            (l) =>
              html`<li key=${l.id}>
                ${l.start}–${l.end} · <b>${callSign(l.vehicleId)}</b> · ${driverName(l.driverId)} ·
                ${l.validFrom}${l.validTo ? ` – ${l.validTo}` : ''}
                ${!l.validTo && html`<button onClick=${() => endLine(l)}>${t('rosterEnd')}</button>`}
              </li>`,
          )}
        </ul>
      </details>`;
    })}
    <h3>${t('rosterAdd')}</h3>
    <div class="form">
      <label
        >${t('vehicles')}
        <select value=${form.vehicleId} onChange=${field('vehicleId')}>
          <option value="">–</option>
          ${props.vehicles.map((v) => html`<option value=${v.id}>${v.callSign}</option>`)}
        </select></label
      >
      <label
        >${t('driver')}
        <select value=${form.driverId} onChange=${field('driverId')}>
          <option value="">–</option>
          ${drivers.map((d) => html`<option value=${d.id}>${d.name}</option>`)}
        </select></label
      >
      <label
        >${t('weekday')}
        <select value=${form.weekday} onChange=${field('weekday')}>
          ${WEEKDAYS.map((wd) => html`<option value=${wd}>${t(`wd_${wd}` as Key)}</option>`)}
        </select></label
      >
      <label
        >${t('shiftStart')} <input type="time" value=${form.start} onInput=${field('start')}
      /></label>
      <label
        >${t('shiftEnd')} <input type="time" value=${form.end} onInput=${field('end')}
      /></label>
      <label
        >${t('validFrom')} <input type="date" value=${form.validFrom} onInput=${field('validFrom')}
      /></label>
      <label
        >${t('validTo')} <input type="date" value=${form.validTo} onInput=${field('validTo')}
      /></label>
      <button onClick=${add} disabled=${!form.vehicleId || !form.driverId}>
        ${t('rosterAdd')}
      </button>
    </div>
    <h3>${t('rosterException')}</h3>
    <div class="form">
      <label
        >${t('rosterLine')}
        <select
          value=${exc.lineId}
          onChange=${(e: Event) => setExc({ ...exc, lineId: (e.target as HTMLSelectElement).value })}
        >
          <option value="">–</option>
          ${lines.map((l) => html`<option value=${l.id}>${t(`wd_${l.weekday}` as Key)} ${l.start}–${l.end} ${callSign(l.vehicleId)}</option>`)}
        </select></label
      >
      <label
        >${t('date')}
        <input
          type="date"
          value=${exc.date}
          onInput=${(e: Event) => setExc({ ...exc, date: (e.target as HTMLInputElement).value })}
      /></label>
      <label
        >${t('rosterKind')}
        <select
          value=${exc.kind}
          onChange=${(e: Event) => setExc({ ...exc, kind: (e.target as HTMLSelectElement).value })}
        >
          <option value="cancel">${t('rosterCancelDay')}</option>
          <option value="change">${t('rosterChangeDay')}</option>
        </select></label
      >
      ${
        exc.kind === 'change' &&
        html`<label
            >${t('shiftStart')}
            <input
              type="time"
              value=${exc.start}
              onInput=${(e: Event) => setExc({ ...exc, start: (e.target as HTMLInputElement).value })}
          /></label>
          <label
            >${t('shiftEnd')}
            <input
              type="time"
              value=${exc.end}
              onInput=${(e: Event) => setExc({ ...exc, end: (e.target as HTMLInputElement).value })}
          /></label>`
      }
      <button onClick=${setException} disabled=${!exc.lineId}>${t('saveDay')}</button>
    </div>
  </div>`;
}
