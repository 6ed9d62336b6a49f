import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { io } from 'socket.io-client';
import type { RoadMapView } from '@app/contracts';
import {
  api,
  clientConfig,
  type Area,
  type AtRiskBooking,
  type Booking,
  type FleetVehicle,
  type Figures,
  type LiveVehicle,
  type Stop,
} from './api';
import { currentLang, setLang, t, type Key, type Lang } from './i18n';
import { ConsoleMap } from './map-view';
import { AreaPanel } from './panels/area-panel';
import { AtRiskPanel } from './panels/at-risk-panel';
import { RosterPanel } from './panels/roster-panel';
import { BookingsPanel } from './panels/bookings-panel';
import { FiguresPanel } from './panels/figures-panel';
import { FleetPanel } from './panels/fleet-panel';
import { WhatIfPanel } from './panels/what-if-panel';
import { AuditPanel } from './panels/audit-panel';
import { useDraft } from './draft';
import {
  finishOidcFromLocation,
  onSessionChange,
  session,
  signInDev,
  signInMethods,
  signOut,
  type Session,
} from './session';
import { SignInPage } from './sign-in-page';
import './styles.css';

type Tab = 'fleet' | 'bookings' | 'roster' | 'figures' | 'area' | 'whatif' | 'audit';
const TABS: Array<[Tab, Key]> = [
  ['fleet', 'tabFleet'],
  ['bookings', 'tabBookings'],
  ['roster', 'tabRoster'],
  ['figures', 'tabFigures'],
  ['area', 'tabArea'],
  ['whatif', 'tabWhatIf'],
  ['audit', 'tabAudit'],
];

function App(props: { session: Session; onSignOut: () => void }) {
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<ConsoleMap | null>(null);
  const [, setLangState] = useState<Lang>(currentLang());
  const [tab, setTab] = useDraft<Tab>('tab', 'fleet');
  const [ready, setReady] = useState(false);
  const [error, setError] = useState('');
  const [stops, setStops] = useState<Stop[]>([]);
  const [fleet, setFleet] = useState<LiveVehicle[]>([]);
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [areas, setAreas] = useState<Area[]>([]);
  const [figures, setFigures] = useState<Figures | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [atRisk, setAtRisk] = useState<AtRiskBooking[]>([]);
  const [vehicles, setVehicles] = useState<FleetVehicle[]>([]);

  const loadAreas = async () => {
    const a = await api<Area[]>('GET', '/v1/admin/service-areas');
    setAreas(a);
    map.current?.setAreas(a);
  };
  const loadBookings = async () => {
    const list = await api<Booking[] | { items: Booking[] }>('GET', '/v1/bookings?limit=100');
    setBookings(Array.isArray(list) ? list : list.items);
  };
  const loadFleet = async () => {
    const f = await api<LiveVehicle[]>('GET', '/v1/admin/console/vehicles');
    setFleet(f);
    map.current?.setFleet(f);
  };
  /** Bookings at risk after a fleet change, shown above everything else. */
  const loadAtRisk = async () => {
    setAtRisk(await api<AtRiskBooking[]>('GET', '/v1/admin/bookings/at-risk'));
    setVehicles(await api<FleetVehicle[]>('GET', '/v1/admin/vehicles'));
  };
  const loadFigures = async () => setFigures(await api<Figures>('GET', '/v1/admin/console/stats'));

  useEffect(() => {
    const m = new ConsoleMap(mapEl.current as HTMLElement, (id) => {
      setSelected(id);
      setTab('fleet');
    });
    map.current = m;
    let stop = () => {};
    (async () => {
      const config = await clientConfig();
      const url =
        config.realtimeUrl ?? `${location.protocol}//${location.hostname}:${config.realtimePort}`;
      // A function, so a reconnect presents the current (refreshed) access token.
      const socket = io(url, {
        auth: (cb) => cb({ token: session()?.accessToken ?? '' }),
        transports: ['websocket'],
      });
      socket.on('vehicle.position', (p: { vehicleId: string; lat: number; lon: number }) =>
        m.moveVehicle(p.vehicleId, p.lat, p.lon),
      );
      socket.on('booking.status', () => void loadBookings().catch(() => {}));
      const [roads, s] = await Promise.all([
        // the roads of the operator's own county, not the whole installation's network
        api<RoadMapView>('GET', '/v1/admin/console/road-network').catch((): RoadMapView => ({
          type: 'FeatureCollection',
          features: [],
          source: 'openstreetmap',
        })),
        api<Stop[]>('GET', '/v1/stops?limit=200'),
      ]);
      m.setRoads(roads);
      m.setStops(s);
      setStops([...s].sort((a, b) => a.name.localeCompare(b.name)));
      await Promise.all([loadAreas(), loadFleet(), loadBookings(), loadFigures(), loadAtRisk()]);
      setReady(true);
      const timers = [
        setInterval(() => void loadFleet().catch(() => {}), 4000),
        setInterval(() => void loadBookings().catch(() => {}), 5000),
        setInterval(() => void loadAtRisk().catch(() => {}), 5000),
        setInterval(() => void loadFigures().catch(() => {}), 15000),
      ];
      stop = () => {
        timers.forEach(clearInterval);
        socket.close();
      };
    })().catch((e: Error) => setError(e.message));
    return () => stop();
  }, []);
  useEffect(
    () => map.current?.showTrip(fleet.find((v) => v.vehicleId === selected) ?? null),
    [selected, fleet],
  );

  const switchLang = (l: Lang) => {
    setLang(l);
    setLangState(l);
  };
  return html`<div class="layout">
    <header>
      <h1>${t('title')}</h1>
      ${props.session.dev && html`<span class="dev">${t('devMode')}</span>`}
      <label
        >${t('language')}
        <select
          name="lang"
          value=${currentLang()}
          onChange=${(e: Event) => switchLang((e.target as HTMLSelectElement).value as Lang)}
        >
          <option value="de">Deutsch</option>
          <option value="en">English</option>
        </select>
      </label>
      <span class="user" data-testid="user"
        >${props.session.name ?? props.session.role} (${props.session.role})</span
      >
      <button type="button" name="signOut" onClick=${props.onSignOut}>${t('signOut')}</button>
    </header>
    <main>
      <div id="map" ref=${mapEl} data-ready=${ready ? 'yes' : 'no'}></div>
      <aside>
        <${AtRiskPanel}
          items=${atRisk}
          vehicles=${vehicles}
          onChanged=${() => void Promise.all([loadAtRisk(), loadBookings(), loadFleet()])}
        />
        <nav role="tablist">
          ${TABS.map(([k, label]) => html`<button role="tab" aria-selected=${tab === k} onClick=${() => setTab(k)}>${t(label)}</button>`)}
        </nav>
        ${error && html`<p class="msg">${t('error')}: ${error}</p>`}
        <section>
          ${tab === 'fleet' && html`<${FleetPanel} fleet=${fleet} selected=${selected} onSelect=${setSelected} />`}
          ${tab === 'bookings' && html`<${BookingsPanel} bookings=${bookings} stops=${stops} onBooked=${() => void loadBookings()} />`}
          ${tab === 'roster' && html`<${RosterPanel} vehicles=${vehicles} />`}
          ${tab === 'figures' && html`<${FiguresPanel} figures=${figures} />`}
          ${tab === 'area' && html`<${AreaPanel} areas=${areas} onChanged=${() => void loadAreas()} editOnMap=${(r: number[][] | null, f: (r: number[][]) => void) => map.current?.editPolygon(r, f)} />`}
          ${tab === 'whatif' && html`<${WhatIfPanel} areas=${areas} />`}
          ${tab === 'audit' && html`<${AuditPanel} />`}
        </section>
      </aside>
    </main>
  </div>`;
}

/**
 * Signed in: the console; else the sign-in page. Coming back from the identity provider, the
 * one-time code in the address is exchanged first. In development without an identity
 * provider the console opens at once with a development token, as before, until signed out.
 */
function Root() {
  const [current, setCurrent] = useState<Session | null>(session());
  const [checked, setChecked] = useState(false);
  const [notice, setNotice] = useState('');
  const signingOut = useRef(false);
  useEffect(() => {
    const off = onSessionChange((next) => {
      if (!next && !signingOut.current) setNotice(t('sessionEnded'));
      signingOut.current = false;
      setCurrent(next);
    });
    (async () => {
      await finishOidcFromLocation().catch(() => false);
      if (!session() && sessionStorage.getItem('console.signedOut') !== '1') {
        const methods = await signInMethods().catch(() => null);
        if (methods?.dev && !methods.oidc) await signInDev();
      }
    })().finally(() => setChecked(true));
    return off;
  }, []);
  const onSignOut = () => {
    signingOut.current = true;
    sessionStorage.setItem('console.signedOut', '1');
    setNotice('');
    void signOut();
  };
  if (!checked) return html`<p class="msg">…</p>`;
  return current
    ? html`<${App} key="console" session=${current} onSignOut=${onSignOut} />`
    : html`<${SignInPage} notice=${notice} />`;
}

render(html`<${Root} />`, document.getElementById('app') as HTMLElement);
