import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';

interface AuditEntry {
  id: string;
  at: string;
  actor: { sub: string; role: string; name: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const PAGE = 25;
const ENTITIES = [
  '',
  'service_area',
  'stop',
  'vehicle',
  'driver',
  'shift',
  'roster_entry',
  'rider',
  'booking',
];
const SKIP = new Set(['updatedAt', 'createdAt', 'version']);

/** What changed between two snapshots, as `field: old → new` (long values shortened). */
function changes(e: AuditEntry): string[] {
  const keys = new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})]);
  const show = (v: unknown) => {
    const s = v === undefined ? '–' : JSON.stringify(v);
    return s.length > 40 ? `${s.slice(0, 37)}…` : s;
  };
  return [...keys]
    .filter((k) => !SKIP.has(k))
    .filter((k) => JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after?.[k]))
    .map((k) => `${k}: ${show(e.before?.[k])} → ${show(e.after?.[k])}`);
}

/** The office's audit trail: who changed what, when, before and after. */
export function AuditPanel() {
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [offset, setOffset] = useState(0);
  const [entityType, setEntityType] = useState('');
  const [actor, setActor] = useState('');
  const [msg, setMsg] = useState('');

  useEffect(() => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (entityType) q.set('entityType', entityType);
    if (actor.trim()) q.set('actor', actor.trim());
    api<{ items: AuditEntry[]; total: number }>('GET', `/v1/admin/audit?${q.toString()}`)
      .then((r) => {
        setItems(r.items);
        setTotal(r.total);
        setMsg('');
      })
      .catch((e: Error) => setMsg(`${t('error')}: ${e.message}`));
  }, [offset, entityType, actor]);

  return html`<div class="audit">
    <div class="filters">
      <label
        >${t('auditEntity')}
        <select
          name="auditEntity"
          value=${entityType}
          onChange=${(e: Event) => {
            setOffset(0);
            setEntityType((e.target as HTMLSelectElement).value);
          }}
        >
          ${ENTITIES.map((k) => html`<option value=${k}>${k || t('auditAll')}</option>`)}
        </select></label
      >
      <label
        >${t('auditWho')}
        <input
          name="auditActor"
          value=${actor}
          onChange=${(e: Event) => {
            setOffset(0);
            setActor((e.target as HTMLInputElement).value);
          }}
      /></label>
    </div>
    ${msg && html`<p class="msg">${msg}</p>`}
    <table data-testid="audit">
      <thead>
        <tr>
          <th>${t('auditWhen')}</th>
          <th>${t('auditWho')}</th>
          <th>${t('auditWhat')}</th>
          <th>${t('auditChanges')}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (e) =>
            html`<tr key=${e.id}>
              <td>${new Date(e.at).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}</td>
              <td>${e.actor.name ?? e.actor.sub} (${e.actor.role})</td>
              <td>${e.action}</td>
              <td>
                <ul>
                  ${changes(e).map((c) => html`<li>${c}</li>`)}
                </ul>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p>
      <button
        type="button"
        disabled=${offset === 0}
        onClick=${() => setOffset(Math.max(0, offset - PAGE))}
      >
        ${t('auditNewer')}
      </button>
      ${total === 0 ? 0 : offset + 1}–${Math.min(offset + PAGE, total)} / ${total}
      <button
        type="button"
        disabled=${offset + PAGE >= total}
        onClick=${() => setOffset(offset + PAGE)}
      >
        ${t('auditOlder')}
      </button>
    </p>
  </div>`;
}
