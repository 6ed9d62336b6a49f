import type { RoadMapView } from '@app/contracts';
import { mapLabel, OSM_CREDIT, roadCredit } from '@app/web-ui';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Area, LiveVehicle, Stop } from './api';
import { t } from './i18n';

const KUSEL: L.LatLngTuple = [49.54, 7.46];

/**
 * The console's Leaflet map: our own road network as the base (no tile server needed), OSM tiles
 * as an optional layer, service area, stops, and vehicles moving with their load.
 */
export class ConsoleMap {
  readonly map: L.Map;
  private readonly roads = L.layerGroup();
  private readonly areas = L.layerGroup();
  private readonly stops = L.layerGroup();
  private readonly vehicles = L.layerGroup();
  private readonly editor = L.layerGroup();
  private readonly markers = new Map<string, L.Marker>();
  private readonly info = new Map<string, LiveVehicle>();
  private tripLine: L.Polyline | null = null;
  private roadCredit: string | null = null;

  constructor(
    el: HTMLElement,
    private readonly onVehicleClick: (vehicleId: string) => void,
  ) {
    this.map = L.map(el, { zoomControl: true, preferCanvas: true }).setView(KUSEL, 11);
    const osm = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 18,
      attribution: OSM_CREDIT,
    });
    for (const layer of [this.roads, this.areas, this.stops, this.vehicles, this.editor])
      layer.addTo(this.map);
    L.control
      .layers(
        {},
        {
          [t('roads')]: this.roads,
          [t('osmTiles')]: osm,
          [t('area')]: this.areas,
          [t('stops')]: this.stops,
          [t('vehicles')]: this.vehicles,
        },
      )
      .addTo(this.map);
  }

  /** Draws the roads and says where they come from (OpenStreetMap's credit, or invented). */
  setRoads(geojson: RoadMapView): void {
    this.roads.clearLayers();
    if (this.roadCredit) this.map.attributionControl.removeAttribution(this.roadCredit);
    this.roadCredit = roadCredit(geojson.source, t('roadsSynthetic'));
    this.map.attributionControl.addAttribution(this.roadCredit);
    L.geoJSON(geojson, {
      style: (f) => ({
        color: (f?.properties as { main?: boolean })?.main ? '#8a7f72' : '#b9b2a8',
        weight: (f?.properties as { main?: boolean })?.main ? 2.5 : 1.5,
        interactive: false,
      }),
    }).addTo(this.roads);
  }

  setAreas(areas: Area[]): void {
    this.areas.clearLayers();
    for (const a of areas) {
      L.geoJSON(a.geometry as GeoJSON.Geometry, {
        style: {
          color: a.status === 'active' ? '#1f6feb' : '#d97706',
          weight: 2,
          dashArray: a.status === 'active' ? undefined : '6 4',
          fillOpacity: a.status === 'active' ? 0.04 : 0,
          interactive: false,
        },
      }).addTo(this.areas);
    }
  }

  setStops(stops: Stop[]): void {
    this.stops.clearLayers();
    for (const s of stops) {
      const hub = s.kind !== 'village';
      L.circleMarker([s.lat, s.lon], {
        radius: s.isMainHub ? 8 : hub ? 6 : 3,
        color: hub ? '#0f766e' : '#555',
        fillColor: s.isMainHub ? '#14b8a6' : hub ? '#5eead4' : '#fff',
        fillOpacity: 1,
        weight: 1.5,
      })
        .bindTooltip(mapLabel(s.name))
        .addTo(this.stops);
    }
  }

  /** Load and call sign from the fleet list; positions come from the realtime gateway. */
  setFleet(list: LiveVehicle[]): void {
    for (const v of list) {
      this.info.set(v.vehicleId, v);
      const m = this.markers.get(v.vehicleId);
      if (m) m.setIcon(this.icon(v.vehicleId));
    }
  }

  moveVehicle(vehicleId: string, lat: number, lon: number): void {
    let m = this.markers.get(vehicleId);
    if (!m) {
      m = L.marker([lat, lon], { icon: this.icon(vehicleId), zIndexOffset: 1000 })
        .on('click', () => this.onVehicleClick(vehicleId))
        .addTo(this.vehicles);
      this.markers.set(vehicleId, m);
    } else m.setLatLng([lat, lon]);
  }

  vehicleCount(): number {
    return this.markers.size;
  }

  showTrip(v: LiveVehicle | null): void {
    this.tripLine?.remove();
    this.tripLine = null;
    const open = v?.stops.filter((s) => !s.departedAt) ?? [];
    const at = v && this.markers.get(v.vehicleId)?.getLatLng();
    const pts: L.LatLngExpression[] = [
      ...(at ? [at] : []),
      ...open.map((s) => [s.lat, s.lon] as L.LatLngTuple),
    ];
    if (pts.length > 1)
      this.tripLine = L.polyline(pts, { color: '#dc2626', weight: 3, dashArray: '4 6' }).addTo(
        this.map,
      );
  }

  /** Vertex editing: one draggable marker per corner of the polygon's outer ring. */
  editPolygon(ring: number[][] | null, onChange: (ring: number[][]) => void): void {
    this.editor.clearLayers();
    if (!ring) return;
    const pts = ring.slice(0, -1).map(([lon, lat]) => L.latLng(lat, lon));
    const poly = L.polygon(pts, { color: '#d97706', weight: 3, fillOpacity: 0.08 }).addTo(
      this.editor,
    );
    const emit = () => {
      const r = pts.map((p) => [round(p.lng), round(p.lat)]);
      onChange([...r, r[0]]);
    };
    pts.forEach((p, i) => {
      L.marker(p, {
        draggable: true,
        icon: L.divIcon({ className: 'vertex', iconSize: [12, 12] }),
      })
        .on('drag', (e) => {
          pts[i] = (e.target as L.Marker).getLatLng();
          poly.setLatLngs(pts);
        })
        .on('dragend', emit)
        .addTo(this.editor);
    });
  }

  private icon(vehicleId: string): L.DivIcon {
    const v = this.info.get(vehicleId);
    const load = v ? v.load.seats + v.load.wheelchairPlaces : 0;
    const label = v ? `${v.callSign} · ${load}/${v.seats}` : '…';
    return L.divIcon({
      className: `vehicle ${load > 0 ? 'busy' : 'idle'}`,
      html: mapLabel(label, { 'data-vehicle': vehicleId }),
      iconSize: [84, 22],
      iconAnchor: [42, 11],
    });
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
