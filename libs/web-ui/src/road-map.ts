import type { RoadMapView } from '@app/contracts';
import L from 'leaflet';

/** The credit OpenStreetMap's licence (ODbL 1.0) asks of a map that shows its data. */
export const OSM_CREDIT = '© OpenStreetMap contributors';

/**
 * What a map of the server's roads says about them: OpenStreetMap's credit for roads from an
 * OpenStreetMap extract, else the app's own notice that the roads are invented (development).
 */
export function roadCredit(source: RoadMapView['source'], syntheticNotice: string): string {
  return source === 'openstreetmap' ? OSM_CREDIT : syntheticNotice;
}

/** Landkreis Kusel as a whole: centre [lat, lon] and zoom. */
const KUSEL_CENTRE: L.LatLngTuple = [49.54, 7.4];
const KUSEL_ZOOM = 11;

/** How main roads and the others are drawn. */
export interface RoadStyle {
  main: { color: string; weight: number };
  other: { color: string; weight: number };
}

/** Our road network (GeoJSON, [lon, lat]) as a layer that never takes clicks; main roads heavier. */
export function roadNetworkLayer(roads: RoadMapView, style: RoadStyle): L.GeoJSON {
  return L.geoJSON(roads, {
    interactive: false,
    style: (f) => ({ ...(f?.properties?.main ? style.main : style.other) }),
  });
}

export interface RoadMapOptions {
  /** GET /v1/web/road-network, through the app's API client. */
  roads(): Promise<RoadMapView>;
  style: RoadStyle;
  /** In the app's language: said in the attribution corner where the roads are invented. */
  syntheticNotice: string;
}

/**
 * A Leaflet map with no tiles, so it needs no tile server: our own road network on a plain
 * background, over the whole county until the app fits it to what it shows. The roads load in
 * the background, go under everything else, and are simply missing when they cannot be had.
 */
export function roadMap(el: HTMLElement, options: RoadMapOptions): L.Map {
  const map = L.map(el, { zoomControl: true });
  map.attributionControl.setPrefix(false);
  map.setView(KUSEL_CENTRE, KUSEL_ZOOM);
  options
    .roads()
    .then((fc) => {
      roadNetworkLayer(fc, options.style).addTo(map).bringToBack();
      map.attributionControl.addAttribution(roadCredit(fc.source, options.syntheticNotice));
    })
    .catch(() => undefined);
  return map;
}
