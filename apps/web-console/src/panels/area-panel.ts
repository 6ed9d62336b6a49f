import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Area } from '../api';
import { t } from '../i18n';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const RULES = [
  'pickupWindowMin',
  'maxRideFactor',
  'maxRideExtraMin',
  'minNoticeMin',
  'maxOverlappingBookingsPerRider',
  'maxOpenBookingsPerRider',
] as const;
const LABELS = {
  pickupWindowMin: 'pickupWindow',
  maxRideFactor: 'maxRideFactor',
  maxRideExtraMin: 'maxRideExtra',
  minNoticeMin: 'minNotice',
  maxOverlappingBookingsPerRider: 'maxOverlappingPerRider',
  maxOpenBookingsPerRider: 'maxOpenPerRider',
} as const;

/**
 * Service-area editor: the office edits a draft (created from the live area on first edit) on
 * the map and in the form, saves it, and publishes it onto the live area when it chooses.
 */
export function AreaPanel(props: {
  areas: Area[];
  onChanged: () => void;
  editOnMap: (ring: number[][] | null, onChange: (ring: number[][]) => void) => void;
}) {
  const live = props.areas.find((a) => a.status === 'active') ?? null;
  const draftOf = props.areas.find((a) => a.status === 'draft') ?? null;
  const [draft, setDraft] = useState<Area | null>(draftOf);
  const [msg, setMsg] = useState('');
  useEffect(() => setDraft((d) => d ?? draftOf), [draftOf?.id]);
  useEffect(() => {
    if (!draft || draft.geometry.type !== 'Polygon') return props.editOnMap(null, () => {});
    props.editOnMap(draft.geometry.coordinates[0], (ring) =>
      setDraft((d) => d && { ...d, geometry: { type: 'Polygon', coordinates: [ring] } }),
    );
  }, [draft?.id]);
  useEffect(() => () => props.editOnMap(null, () => {}), []);

  const startDraft = async () => {
    if (!live) return;
    const { id: _id, status: _s, ...rest } = live as Area & Record<string, unknown>;
    const body = {
      name: `${live.name} (${t('draft')})`,
      status: 'draft',
      geometry: rest.geometry,
      operatingHours: rest.operatingHours,
      timeZone: rest.timeZone,
      bookingHorizonDays: rest.bookingHorizonDays,
      ...Object.fromEntries(RULES.map((k) => [k, live[k]])),
    };
    setDraft(await api<Area>('POST', '/v1/admin/service-areas', body));
    props.onChanged();
  };
  const fields = (a: Area) => ({
    geometry: a.geometry,
    operatingHours: a.operatingHours,
    ...Object.fromEntries(RULES.map((k) => [k, a[k]])),
  });
  const save = async () => {
    if (!draft) return;
    try {
      setDraft(await api<Area>('PATCH', `/v1/admin/service-areas/${draft.id}`, fields(draft)));
      setMsg(t('saved'));
      props.onChanged();
    } catch (e) {
      setMsg(`${t('error')}: ${(e as Error).message}`);
    }
  };
  const publish = async () => {
    if (!draft || !live) return;
    await save();
    await api<Area>('PATCH', `/v1/admin/service-areas/${live.id}`, fields(draft));
    setMsg(t('published'));
    props.onChanged();
  };
  if (!draft)
    return html`<div>
      <p>${live?.name} (${t('active')})</p>
      <button onClick=${startDraft}>${t('edit')}</button>
    </div>`;
  const hours = draft.operatingHours.mon?.[0] ?? { start: '05:00', end: '23:00' };
  const setHours = (k: 'start' | 'end', v: string) =>
    setDraft({
      ...draft,
      operatingHours: {
        ...draft.operatingHours,
        ...Object.fromEntries(WEEKDAYS.map((d) => [d, [{ ...hours, [k]: v }]])),
      },
    });
  return html`<form class="area" onSubmit=${(e: Event) => (e.preventDefault(), save())}>
    <p><b>${draft.name}</b></p>
    <p class="hint">${t('dragVertices')}</p>
    <label
      >${t('hours')}
      <input
        name="open"
        type="time"
        value=${hours.start}
        onInput=${(e: Event) => setHours('start', (e.target as HTMLInputElement).value)} />
      –
      <input
        name="close"
        type="time"
        value=${hours.end}
        onInput=${(e: Event) => setHours('end', (e.target as HTMLInputElement).value)}
    /></label>
    ${RULES.map(
      (k) =>
        html`<label key=${k}
          >${t(LABELS[k])}
          <input
            name=${k}
            type="number"
            step=${k === 'maxRideFactor' ? '0.1' : '1'}
            value=${draft[k]}
            onInput=${(e: Event) => setDraft({ ...draft, [k]: Number((e.target as HTMLInputElement).value) })}
        /></label>`,
    )}
    <button type="submit">${t('save')}</button>
    <button type="button" onClick=${publish}>${t('publish')}</button>
    ${msg && html`<p class="msg" role="status">${msg}</p>`}
  </form>`;
}
