import { mapLabel, roadMap, RoadStyle } from '@app/web-ui';
import L from 'leaflet';
import { api, type DriverRoute } from './api';
import type { TripStop } from './driver-link';
import { guidanceFor, OFF_ROUTE_M, type Guidance } from './guidance';

/** How the way to the next stop is drawn: along the roads, or a straight line when routing failed. */
export type RouteKind = 'road' | 'straight';

/** After a failed request, wait this long before asking again for the same stop, ms. */
const RETRY_AFTER_MS = 15_000;
/** Dark and heavy, for a glance in a moving bus. */
const ROADS: RoadStyle = {
  main: { color: '#333', weight: 4 },
  other: { color: '#777', weight: 2 },
};

/**
 * The way to the next stop, without tiles: our road network, the stops ahead, the bus, and the
 * route along the roads from the booking API (a dashed straight line while it loads, and when
 * it cannot be had). Positions are [lat, lon] (Leaflet order); the API's GeoJSON is [lon, lat].
 */
export class RouteMap {
  private readonly map: L.Map;
  private readonly layer = L.layerGroup();
  private bus?: L.CircleMarker;
  private line?: L.Polyline;
  private next?: TripStop;
  private fitted = false;
  /** `baselineM`: how far off the line the bus stood when the route was asked for (a yard, a lay-by). */
  private route?: { stopId: string; baselineM: number; points: L.LatLng[]; data: DriverRoute };
  private requests = 0;
  private failed?: { stopId: string; at: number };
  private asking = false;

  constructor(
    private readonly el: HTMLElement,
    private readonly onRoute: (kind: RouteKind) => void,
    private readonly onGuidance: (g: Guidance | null) => void = () => undefined,
    /** The app's words for invented roads, in the driver's language. */
    syntheticNotice = '',
  ) {
    this.map = roadMap(el, { roads: api.roads, style: ROADS, syntheticNotice });
    this.layer.addTo(this.map);
  }

  showStops(ahead: TripStop[]): void {
    this.layer.clearLayers();
    this.next = ahead[0];
    ahead.slice(0, 6).forEach((s, i) => {
      L.circleMarker([s.lat, s.lon], {
        radius: i === 0 ? 14 : 9,
        color: '#000',
        weight: 3,
        fillColor: i === 0 ? '#ffd400' : '#fff',
        fillOpacity: 1,
      })
        .bindTooltip(mapLabel(i === 0 ? `▶ ${s.name}` : s.name), {
          permanent: i === 0,
          direction: 'top',
        })
        .addTo(this.layer);
    });
    this.draw();
  }

  moveBus(lat: number, lon: number): void {
    if (!this.bus) {
      this.bus = L.circleMarker([lat, lon], {
        radius: 12,
        color: '#fff',
        weight: 4,
        fillColor: '#0047ab',
        fillOpacity: 1,
      }).addTo(this.map);
    } else this.bus.setLatLng([lat, lon]);
    this.draw();
  }

  remove(): void {
    this.map.remove();
  }

  private draw(): void {
    this.line?.remove();
    const bus = this.bus?.getLatLng();
    if (!bus || !this.next) return;
    const target = L.latLng(this.next.lat, this.next.lon);
    const road = this.route?.stopId === this.next.stopId ? this.route.points : null;
    this.line = L.polyline(road ?? [bus, target], {
      color: '#0047ab',
      weight: 6,
      dashArray: road ? undefined : '10 8',
    }).addTo(this.map);
    // What is drawn, for tests and debugging: `road` with its point count, or `straight`.
    this.el.dataset.route = road ? 'road' : 'straight';
    this.el.dataset.routePoints = String(road ? road.length : 2);
    const guidance = road && this.route ? guidanceFor(this.route.data, bus.lat, bus.lng) : null;
    if (guidance && this.route) {
      guidance.offRoute = guidance.offRouteM > this.route.baselineM + OFF_ROUTE_M;
    }
    this.el.dataset.offRoute = guidance ? String(Math.round(guidance.offRouteM)) : '';
    this.onGuidance(guidance);
    if (!this.fitted) {
      this.map.fitBounds(L.latLngBounds([bus, target]), { padding: [50, 50], maxZoom: 14 });
      this.fitted = true;
    }
    this.ask(bus, this.next.stopId, guidance);
  }

  /** Fetches the route when there is none for this stop yet, or the bus has left it. */
  private ask(bus: L.LatLng, stopId: string, guidance: Guidance | null): void {
    if (this.asking) return;
    const r = this.route;
    // A new route when the bus has left this one (not merely stands off the road, as in a yard).
    if (r?.stopId === stopId && guidance?.offRoute !== true) return;
    const f = this.failed;
    if (f?.stopId === stopId && Date.now() - f.at < RETRY_AFTER_MS) return;
    this.asking = true;
    this.el.dataset.routeRequests = String(++this.requests);
    api
      .route(bus.lat, bus.lng, stopId)
      .then((res) => {
        const points = res.geometry.coordinates.map(([lon, lat]) => L.latLng(lat, lon));
        const baselineM = guidanceFor(res, bus.lat, bus.lng)?.offRouteM ?? 0;
        this.route = { stopId, baselineM, points, data: res };
        this.failed = undefined;
        this.onRoute('road');
      })
      .catch(() => {
        this.route = undefined;
        this.failed = { stopId, at: Date.now() };
        this.onRoute('straight');
      })
      .finally(() => {
        this.asking = false;
        this.draw();
      });
  }
}
