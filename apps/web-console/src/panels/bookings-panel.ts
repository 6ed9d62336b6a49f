import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, serverNow, type Booking, type Stop } from '../api';
import { clearDrafts, useDraft } from '../draft';
import { fmtTime, t } from '../i18n';
import { TrainCall, TrainSelect } from './train-select';

interface Rider {
  id: string;
  name: string;
  phone: string | null;
}

/** The office's booking list and the form for a villager who phoned in. */
export function BookingsPanel(props: { bookings: Booking[]; stops: Stop[]; onBooked: () => void }) {
  return html`<div>
    <${PhoneBooking} stops=${props.stops} onBooked=${props.onBooked} />
    <table class="bookings" data-testid="bookings">
      <thead>
        <tr>
          <th>${t('time')}</th>
          <th>${t('from')}</th>
          <th>${t('to')}</th>
          <th>${t('status')}</th>
          <th>${t('roundTrip')}</th>
        </tr>
      </thead>
      <tbody>
        ${props.bookings.map(
          (b) =>
            html`<tr key=${b.id} class=${`st-${b.status}`} data-booking=${b.id}>
              <td>${fmtTime(b.requestedTime)}</td>
              <td>${b.fromStop.name}</td>
              <td>${b.toStop.name}</td>
              <td>
                ${b.status}${b.channel === 'operator' ? ' ☎' : ''}${
                  b.alternatives?.length
                    ? html`<div class="hint" data-alternatives>
                        ${t('noSeatPossible')} ${b.alternatives.map(fmtTime).join(' / ')}
                      </div>`
                    : ''
                }
              </td>
              <td data-pair=${b.linkedBookingId ?? ''}>${pairOf(b, props.bookings)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A round trip's leg, with the time of the other leg when it is in the list. */
function pairOf(b: Booking, all: Booking[]): string {
  if (!b.linkedBookingId || !b.tripLeg) return '';
  const other = all.find((x) => x.id === b.linkedBookingId);
  const label = t(b.tripLeg === 'outbound' ? 'returnAt' : 'outboundAt');
  return `↔ ${label}${other ? ` ${fmtTime(other.requestedTime)} (${other.status})` : ''}`;
}

function PhoneBooking(props: { stops: Stop[]; onBooked: () => void }) {
  // Drafts survive a reload and a new sign-in: a caller on the phone should not be asked twice.
  const [q, setQ] = useDraft('phone.q', '');
  const [found, setFound] = useState<Rider[]>([]);
  const [rider, setRider] = useDraft<Rider | null>('phone.rider', null);
  const [phone, setPhone] = useDraft('phone.phone', '');
  const [from, setFrom] = useDraft('phone.from', '');
  const [to, setTo] = useDraft('phone.to', '');
  const [time, setTime] = useDraft('phone.time', defaultTime());
  const [returnTime, setReturnTime] = useDraft('phone.returnTime', '');
  const [kind, setKind] = useDraft('phone.kind', 'depart_at');
  const [passengers, setPassengers] = useDraft('phone.passengers', 1);
  const [wheelchair, setWheelchair] = useDraft('phone.wheelchair', false);
  // Not kept as a draft: each override is the office's decision for one call.
  const [override, setOverride] = useState(false);
  const [msg, setMsg] = useState('');
  const [train, setTrain] = useState<TrainCall | null>(null);
  // To a station: catch a train there; from a station: be picked up after one arrives.
  const stationOf = (id: string) =>
    props.stops.some((s) => s.id === id && (s.kind === 'hub' || s.kind === 'rail_station'));
  const trainAt: { stopId: string; kind: 'departures' | 'arrivals' } | null = stationOf(to)
    ? { stopId: to, kind: 'departures' }
    : stationOf(from)
      ? { stopId: from, kind: 'arrivals' }
      : null;
  const byTrain = kind === 'train' && trainAt !== null;

  const search = async (text: string) => {
    setQ(text);
    setFound(
      text.length >= 2
        ? await api<Rider[]>('GET', `/v1/admin/riders?q=${encodeURIComponent(text)}`)
        : [],
    );
  };
  const register = async () => {
    setRider(
      await api<Rider>('POST', '/v1/admin/riders', { name: q, ...(phone ? { phone } : {}) }),
    );
  };
  // A rejection's nearest feasible times, each booked with the request that was turned down.
  const [rejected, setRejected] = useState<{ body: Record<string, unknown>; times: string[] }>();
  const post = async (body: Record<string, unknown>, returnLabel: string) => {
    const b = await api<Booking>('POST', '/v1/bookings', body);
    setOverride(false);
    const back = b.linkedBookingId ? ` · ${t('returnAt')} ${returnLabel}` : '';
    setMsg(`${t('booked')}: ${b.fromStop.name} → ${b.toStop.name} (${b.status})${back}`);
    setRejected(b.alternatives?.length ? { body, times: b.alternatives } : undefined);
    clearDrafts('phone.');
    props.onBooked();
  };
  const bookAlternative = async (time: string) => {
    if (!rejected) return;
    // The train is kept (the time fits it): a later delay or cancellation is followed.
    const { returnTrip: _back, ...rest } = rejected.body;
    try {
      await post({ ...rest, time }, '');
    } catch (err) {
      setMsg(`${t('error')}: ${(err as Error).message}`);
    }
  };
  const book = async (e: Event) => {
    e.preventDefault();
    if (!rider) return;
    try {
      const body = {
        riderId: rider.id,
        fromStopId: from,
        toStopId: to,
        ...(byTrain && train
          ? {
              timeKind: trainAt!.kind === 'departures' ? 'arrive_by' : 'depart_at',
              train: { tripId: train.tripId, serviceDate: train.serviceDate },
            }
          : { timeKind: kind === 'train' ? 'depart_at' : kind, time: withOffset(time) }),
        passengers,
        wheelchairPlaces: wheelchair ? 1 : 0,
        ...(returnTime
          ? { returnTrip: { timeKind: 'depart_at', time: withOffset(returnTime) } }
          : {}),
        ...(override ? { overrideRiderLimits: true } : {}),
      };
      await post(body, returnTime ? fmtTime(withOffset(returnTime)) : '');
    } catch (err) {
      setMsg(`${t('error')}: ${(err as Error).message}`);
    }
  };
  const stopOptions = props.stops.map((s) => html`<option value=${s.id}>${s.name}</option>`);
  return html`<form class="phone" onSubmit=${book} aria-label=${t('phoneBooking')}>
    <h3>${t('phoneBooking')}</h3>
    ${
      rider
        ? html`<p>
            ${t('rider')}: <b data-testid="rider">${rider.name}</b>
            <button type="button" onClick=${() => setRider(null)}>×</button>
          </p>`
        : html`<label
              >${t('rider')}
              <input
                name="rider"
                placeholder=${t('searchRider')}
                value=${q}
                onInput=${(e: Event) => search((e.target as HTMLInputElement).value)}
            /></label>
            ${found.map((r) => html`<button type="button" class="pick" onClick=${() => setRider(r)}>${r.name} ${r.phone ?? ''}</button>`)}
            <label
              >${t('phone')}
              <input
                name="phone"
                value=${phone}
                onInput=${(e: Event) => setPhone((e.target as HTMLInputElement).value)}
            /></label>
            <button type="button" name="register" disabled=${q.length < 2} onClick=${register}>
              ${t('newRider')}
            </button>`
    }
    <label
      >${t('from')}
      <select
        name="from"
        value=${from}
        onChange=${(e: Event) => setFrom((e.target as HTMLSelectElement).value)}
      >
        <option value=""></option>
        ${stopOptions}
      </select></label
    >
    <label
      >${t('to')}
      <select
        name="to"
        value=${to}
        onChange=${(e: Event) => setTo((e.target as HTMLSelectElement).value)}
      >
        <option value=""></option>
        ${stopOptions}
      </select></label
    >
    <label
      ><select
        name="kind"
        value=${kind}
        onChange=${(e: Event) => setKind((e.target as HTMLSelectElement).value)}
      >
        <option value="depart_at">${t('departAt')}</option>
        <option value="arrive_by">${t('arriveBy')}</option>
        ${trainAt && html`<option value="train">${t(trainAt.kind === 'departures' ? 'toTrain' : 'afterTrain')}</option>`}
      </select>
      <input
        type="datetime-local"
        name="time"
        value=${time}
        onInput=${(e: Event) => setTime((e.target as HTMLInputElement).value)}
    /></label>
    ${
      byTrain &&
      html`<${TrainSelect}
        stopId=${trainAt!.stopId}
        kind=${trainAt!.kind}
        date=${time.slice(0, 10)}
        value=${train?.tripId ?? ''}
        onChange=${setTrain}
      />`
    }
    <label
      >${t('returnTrip')}
      <input
        type="datetime-local"
        name="returnTime"
        value=${returnTime}
        onInput=${(e: Event) => setReturnTime((e.target as HTMLInputElement).value)}
    /></label>
    <label
      >${t('passengers')}
      <input
        type="number"
        name="passengers"
        min="1"
        max="6"
        value=${passengers}
        onInput=${(e: Event) => setPassengers(Number((e.target as HTMLInputElement).value))}
    /></label>
    <label
      ><input
        type="checkbox"
        name="wheelchair"
        checked=${wheelchair}
        onChange=${(e: Event) => setWheelchair((e.target as HTMLInputElement).checked)}
      />
      ${t('wheelchair')}</label
    >
    <label
      ><input
        type="checkbox"
        name="overrideRiderLimits"
        checked=${override}
        onChange=${(e: Event) => setOverride((e.target as HTMLInputElement).checked)}
      />
      ${t('overrideRiderLimits')}</label
    >
    <button type="submit" disabled=${!rider || !from || !to || (byTrain && !train)}>
      ${t('book')}
    </button>
    ${msg && html`<p class="msg" role="status">${msg}</p>`}
    ${
      rejected &&
      html`<p class="msg" data-testid="alternatives">
        ${t('noSeatPossible')}
        ${rejected.times.map(
          (a) =>
            html`<button
              type="button"
              aria-label=${`${t('bookAt')} ${fmtTime(a)}`}
              onClick=${() => bookAlternative(a)}
            >
              ${fmtTime(a)}
            </button>`,
        )}
      </p>`
    }
  </form>`;
}

/** An hour from now, on the quarter, as the datetime-local input wants it (local time). */
function defaultTime(): string {
  const d = new Date(serverNow().getTime() + 60 * 60_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** datetime-local is the browser's local time; the API wants an explicit offset. */
function withOffset(local: string): string {
  return new Date(local).toISOString();
}
