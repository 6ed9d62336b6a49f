import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, serverNow, type Area, type Figures } from '../api';
import { t } from '../i18n';
import { FIGURE_ROWS } from './figures-panel';

interface Side {
  fleetSize: number;
  figures: Figures;
}

interface Job {
  id: string;
  state: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  result: { requests: number; live: Side; draft: Side } | null;
  error: string | null;
}

/** Yesterday on the server's clock, YYYY-MM-DD (local). */
function yesterday(): string {
  const d = new Date(serverNow().getTime() - 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Replays one day, a generated one (seed) or a real past day of the county (its bookings), with
 * live and draft settings, figures side by side.
 */
export function WhatIfPanel(props: { areas: Area[] }) {
  const draft = props.areas.find((a) => a.status === 'draft') ?? null;
  const [kind, setKind] = useState<'generated' | 'past'>('generated');
  const [date, setDate] = useState(yesterday);
  const [seed, setSeed] = useState(1);
  const [fleet, setFleet] = useState(10);
  const [busy, setBusy] = useState(false);
  const [res, setRes] = useState<{ requests: number; live: Side; draft: Side } | null>(null);
  const [err, setErr] = useState('');
  const [progress, setProgress] = useState(0);
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr('');
    setProgress(0);
    try {
      // The replay runs as a background job on the server; poll it for progress.
      let job: Job = await api('POST', '/v1/admin/console/what-if', {
        source: kind === 'past' ? { kind, date } : { kind, seed },
        fleetSize: fleet,
        ...(draft ? { draftAreaId: draft.id } : {}),
      });
      while (job.state === 'running') {
        setProgress(job.progress.total ? job.progress.done / job.progress.total : 0);
        await new Promise((r) => setTimeout(r, 1000));
        job = await api('GET', `/v1/admin/console/what-if/${job.id}`);
      }
      if (job.state === 'failed' || !job.result) throw new Error(job.error ?? 'failed');
      setRes(job.result);
    } catch (x) {
      setErr((x as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return html`<form onSubmit=${run}>
    <label
      >${t('daySource')}
      <select
        name="source"
        value=${kind}
        onChange=${(e: Event) =>
          setKind((e.target as HTMLSelectElement).value as 'generated' | 'past')}
      >
        <option value="generated">${t('generatedDay')}</option>
        <option value="past">${t('pastDay')}</option>
      </select></label
    >
    ${
      kind === 'past'
        ? html`<label
            >${t('pastDate')}
            <input
              name="date"
              type="date"
              value=${date}
              onInput=${(e: Event) => setDate((e.target as HTMLInputElement).value)}
          /></label>`
        : html`<label
            >${t('seed')}
            <input
              name="seed"
              type="number"
              min="0"
              value=${seed}
              onInput=${(e: Event) => setSeed(Number((e.target as HTMLInputElement).value))}
          /></label>`
    }
    <label
      >${t('fleetSize')}
      <input
        name="fleet"
        type="number"
        min="1"
        max="60"
        value=${fleet}
        onInput=${(e: Event) => setFleet(Number((e.target as HTMLInputElement).value))}
    /></label>
    <p class="hint">${t('draft')}: ${draft ? draft.name : '—'}</p>
    <button type="submit" disabled=${busy}>
      ${busy ? `${t('running')} ${Math.round(100 * progress)} %` : t('run')}
    </button>
    ${err && html`<p class="msg">${t('error')}: ${err}</p>`}
    ${
      res &&
      html`<table class="figures" data-testid="what-if">
        <tr>
          <th>${t('figure')}</th>
          <th>${t('live')} (${res.live.fleetSize})</th>
          <th>${t('draft')} (${res.draft.fleetSize})</th>
        </tr>
        ${FIGURE_ROWS.map(
          ([k, fmt]) =>
            html`<tr key=${k}>
              <th>${t(k)}</th>
              <td>${fmt(res.live.figures)}</td>
              <td>${fmt(res.draft.figures)}</td>
            </tr>`,
        )}
      </table>`
    }
  </form>`;
}
