import { html } from 'htm/preact';
import type { LiveVehicle } from '../api';
import { fmtTime, t } from '../i18n';

/** Vehicles with their load; the selected one's trip list (stops in order, who boards). */
export function FleetPanel(props: {
  fleet: LiveVehicle[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const sel = props.fleet.find((v) => v.vehicleId === props.selected) ?? null;
  return html`<div>
    <ul class="vehicles">
      ${props.fleet.map(
        (v) =>
          html`<li key=${v.vehicleId}>
            <button
              class=${v.vehicleId === props.selected ? 'sel' : ''}
              onClick=${() => props.onSelect(v.vehicleId)}
            >
              <b>${v.callSign}</b> · ${t('load')}
              ${v.load.seats + v.load.wheelchairPlaces}/${v.seats}
              ${v.shift ? '' : html` · <i>${t('noShift')}</i>`}
            </button>
          </li>`,
      )}
    </ul>
    <h3>${t('tripList')}${sel ? ` ${sel.callSign}` : ''}</h3>
    ${
      !sel
        ? html`<p class="hint">${t('clickVehicle')}</p>`
        : sel.stops.length === 0
          ? html`<p class="hint">${t('noStops')}</p>`
          : html`<ol class="trip" data-testid="trip-list">
              ${sel.stops.map(
                (s, i) =>
                  html`<li key=${i} class=${s.departedAt ? 'done' : ''}>
                    <span class="time">${fmtTime(s.plannedArrivalAt)}</span> ${s.name}
                    ${s.boarding ? html` <span class="on">+${s.boarding} ${t('boarding')}</span>` : ''}
                    ${s.alighting ? html` <span class="off">−${s.alighting} ${t('alighting')}</span>` : ''}
                  </li>`,
              )}
            </ol>`
    }
  </div>`;
}
