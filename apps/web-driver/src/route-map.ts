import L from 'leaflet';
import { api } from './api';
import type { TripStop } from './driver-link';

/**
 * The way to the next stop, without tiles: our road network, the stops ahead, the bus, and a
 * STRAIGHT line from the bus to the next stop (routing is not served by the booking API yet).
 * Positions are [lat, lon] (Leaflet order).
 */
export class RouteMap {
  private readonly map: L.Map;
  private readonly layer = L.layerGroup();
  private bus?: L.CircleMarker;
  private line?: L.Polyline;
  private next?: TripStop;
  private fitted = false;

  constructor(el: HTMLElement) {
    this.map = L.map(el, { zoomControl: true });
    this.map.attributionControl.setPrefix(false);
    this.map.setView([49.54, 7.4], 11);
    this.layer.addTo(this.map);
    api
      .roads()
      .then((fc) =>
        L.geoJSON(fc, {
          interactive: false,
          style: (f) => ({
            color: f?.properties?.main ? '#333' : '#777',
            weight: f?.properties?.main ? 4 : 2,
          }),
        })
          .addTo(this.map)
          .bringToBack(),
      )
      .catch(() => undefined);
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
        .bindTooltip(i === 0 ? `▶ ${s.name}` : s.name, { permanent: i === 0, direction: 'top' })
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
    this.line = L.polyline([bus, target], { color: '#0047ab', weight: 6, dashArray: '10 8' }).addTo(
      this.map,
    );
    if (!this.fitted) {
      this.map.fitBounds(L.latLngBounds([bus, target]), { padding: [50, 50], maxZoom: 14 });
      this.fitted = true;
    }
  }
}
