import { mapLabel, roadMap, RoadStyle } from '@app/web-ui';
import L from 'leaflet';
import { api } from './api';

/** Muted, so the stops and the vehicle stand out. */
const ROADS: RoadStyle = {
  main: { color: '#5a6470', weight: 3 },
  other: { color: '#9aa3ad', weight: 2 },
};

/**
 * A Leaflet map with no tiles: our own road network (from the booking API) on a plain
 * background, the ride's stops and the vehicle. Positions are [lat, lon] (Leaflet order).
 */
export class RideMap {
  private readonly map: L.Map;
  private vehicle?: L.CircleMarker;
  private readonly stops = L.layerGroup();

  /** `syntheticNotice`: the app's words for invented roads, in the rider's language. */
  constructor(el: HTMLElement, syntheticNotice: string) {
    this.map = roadMap(el, { roads: api.roads, style: ROADS, syntheticNotice });
    this.stops.addTo(this.map);
  }

  showStops(stops: Array<{ lat: number; lon: number; name: string; kind: 'from' | 'to' }>): void {
    this.stops.clearLayers();
    for (const s of stops) {
      L.circleMarker([s.lat, s.lon], {
        radius: 10,
        color: '#000',
        weight: 3,
        fillColor: s.kind === 'from' ? '#ffd400' : '#ffffff',
        fillOpacity: 1,
      })
        .bindTooltip(mapLabel(s.name), { permanent: true, direction: 'top', offset: [0, -10] })
        .addTo(this.stops);
    }
    if (stops.length)
      this.map.fitBounds(L.latLngBounds(stops.map((s) => [s.lat, s.lon])), { padding: [90, 90] });
  }

  moveVehicle(lat: number, lon: number, label: string): void {
    if (!this.vehicle) {
      this.vehicle = L.circleMarker([lat, lon], {
        radius: 12,
        color: '#fff',
        weight: 4,
        fillColor: '#003d73',
        fillOpacity: 1,
      })
        .bindTooltip(mapLabel(label), { permanent: true, direction: 'right', offset: [12, 0] })
        .addTo(this.map);
    } else {
      this.vehicle.setLatLng([lat, lon]);
    }
    this.vehicle.getElement()?.setAttribute('data-testid', 'vehicle-marker');
    this.vehicle.getElement()?.setAttribute('data-position', `${lat.toFixed(5)},${lon.toFixed(5)}`);
  }

  remove(): void {
    this.map.remove();
  }
}
