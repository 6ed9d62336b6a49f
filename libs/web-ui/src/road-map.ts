import type { FeatureCollection } from 'geojson';
import L from 'leaflet';

/** Landkreis Kusel as a whole: centre [lat, lon] and zoom. */
const KUSEL_CENTRE: L.LatLngTuple = [49.54, 7.4];
const KUSEL_ZOOM = 11;

/** How main roads and the others are drawn. */
export interface RoadStyle {
  main: { color: string; weight: number };
  other: { color: string; weight: number };
}

/** Our road network (GeoJSON, [lon, lat]) as a layer that never takes clicks; main roads heavier. */
export function roadNetworkLayer(roads: FeatureCollection, style: RoadStyle): L.GeoJSON {
  return L.geoJSON(roads, {
    interactive: false,
    style: (f) => ({ ...(f?.properties?.main ? style.main : style.other) }),
  });
}

export interface RoadMapOptions {
  /** GET /v1/web/road-network, through the app's API client. */
  roads(): Promise<FeatureCollection>;
  style: RoadStyle;
  /** Said in the attribution corner, after nothing (no "Leaflet" prefix). */
  attribution?: string;
}

/**
 * A Leaflet map with no tiles, so it needs no tile server: our own road network on a plain
 * background, over the whole county until the app fits it to what it shows. The roads load in
 * the background, go under everything else, and are simply missing when they cannot be had.
 */
export function roadMap(el: HTMLElement, options: RoadMapOptions): L.Map {
  const map = L.map(el, { zoomControl: true });
  map.attributionControl.setPrefix(false);
  if (options.attribution) map.attributionControl.addAttribution(options.attribution);
  map.setView(KUSEL_CENTRE, KUSEL_ZOOM);
  options
    .roads()
    .then((fc) => roadNetworkLayer(fc, options.style).addTo(map).bringToBack())
    .catch(() => undefined);
  return map;
}
