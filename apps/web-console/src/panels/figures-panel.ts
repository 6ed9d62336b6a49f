import { html } from 'htm/preact';
import type { Distribution, Figures } from '../api';
import { t, type Key } from '../i18n';
import { BarChart } from './bar-chart';

const pct = (x: number) => `${(100 * x).toFixed(0)} %`;

/** The rows of a figures table; used live and for the what-if comparison. */
export const FIGURE_ROWS: Array<[Key, (f: Figures) => string]> = [
  ['requests', (f) => `${f.requests}`],
  ['served', (f) => `${f.served} (${pct(f.servedShare)})`],
  ['rejected', (f) => `${f.rejected}`],
  ['cancelled', (f) => `${f.cancelled}`],
  ['noShows', (f) => `${f.noShows}`],
  ['ridersPerTrip', (f) => f.ridersPerTrip.toFixed(2)],
  ['vehicleKm', (f) => f.vehicleKm.toFixed(0)],
  ['directKm', (f) => f.directKm.toFixed(0)],
  ['kmRatio', (f) => f.kmRatio.toFixed(2)],
  ['waitMin', (f) => `Ø ${f.waitMin.mean.toFixed(1)} · p90 ${f.waitMin.p90.toFixed(0)}`],
  ['detour', (f) => `Ø ${f.detour.mean.toFixed(2)} · p90 ${f.detour.p90.toFixed(2)}`],
  [
    'excessRideMin',
    (f) => `Ø ${f.excessRideMin.mean.toFixed(1)} · p90 ${f.excessRideMin.p90.toFixed(0)}`,
  ],
  ['promisesKept', (f) => `${f.promisesKept} / ${f.promisesGiven}`],
  ['fleetUse', (f) => pct(f.fleetUse)],
];

const buckets = (d: Distribution) =>
  d.edges.map((e, i) => (i === d.edges.length - 1 ? `${e}+` : `${e}`));

/** Live service figures from the admin stats endpoint, with charts. */
export function FiguresPanel(props: { figures: Figures | null }) {
  const f = props.figures;
  if (!f) return html`<p class="hint">…</p>`;
  return html`<div data-testid="figures">
    <table class="figures">
      ${FIGURE_ROWS.map(
        ([k, fmt]) =>
          html`<tr key=${k}>
            <th>${t(k)}</th>
            <td>${fmt(f)}</td>
          </tr>`,
      )}
    </table>
    <${BarChart}
      title=${t('rides')}
      labels=${[t('served'), t('rejected'), t('cancelled'), t('noShows')]}
      series=${[{ label: t('rides'), values: [f.served, f.rejected, f.cancelled, f.noShows], color: '#2563eb' }]}
    />
    <${BarChart}
      title=${t('km')}
      labels=${[t('vehicleKm'), t('directKm')]}
      series=${[{ label: t('km'), values: [f.vehicleKm, f.directKm], color: '#0f766e' }]}
    />
    <${BarChart}
      title=${t('waitMin')}
      labels=${buckets(f.waitMin)}
      series=${[{ label: t('rides'), values: f.waitMin.counts, color: '#d97706' }]}
    />
    <${BarChart}
      title=${t('detour')}
      labels=${buckets(f.detour)}
      series=${[{ label: t('rides'), values: f.detour.counts, color: '#7c3aed' }]}
    />
  </div>`;
}
