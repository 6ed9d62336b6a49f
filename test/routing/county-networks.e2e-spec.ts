import { CountyNetworksRoutingAdapter, EmbeddedRoutingAdapter, type LatLon } from '@app/routing';
import type { Polygon } from 'geojson';

/** A box as a GeoJSON polygon ([lon, lat]). */
const box = (s: number, w: number, n: number, e: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

/** Kusel station to Altenglan station, on Kusel's (synthetic) network; [lat, lon] named. */
const KUSEL: LatLon[] = [
  { lat: 49.538282, lon: 7.410329 },
  { lat: 49.548643, lon: 7.461841 },
];
/** Two places in Zweibrücken, on the real OSM extract of that town. */
const ZWEIBRUECKEN: LatLon[] = [
  { lat: 49.2465, lon: 7.3625 },
  { lat: 49.2694, lon: 7.3968 },
];

/**
 * Two counties with their own road files on the embedded router: a route inside each is
 * answered on its own network, a route across them on the shared one.
 */
describe('county road networks: each county routes on its own road file', () => {
  let kusel: EmbeddedRoutingAdapter;
  let zweibruecken: EmbeddedRoutingAdapter;
  let routing: CountyNetworksRoutingAdapter;

  beforeAll(async () => {
    kusel = await EmbeddedRoutingAdapter.fromOsmFile('data/osm/kusel-synthetic.osm');
    zweibruecken = await EmbeddedRoutingAdapter.fromOsmFile('data/osm/zweibruecken-roads.osm');
    routing = new CountyNetworksRoutingAdapter(kusel, [
      { countyCode: '07336', area: box(49.37, 7.25, 49.71, 7.72), routing: kusel },
      { countyCode: '07320', area: box(49.19, 7.29, 49.32, 7.45), routing: zweibruecken },
    ]);
  }, 120_000);

  it('a route inside each county comes from its own network', async () => {
    const inZw = await routing.route(ZWEIBRUECKEN);
    expect(inZw).toEqual(await zweibruecken.route(ZWEIBRUECKEN));
    expect(inZw.distanceM).toBeGreaterThan(1000);
    // the shared (Kusel) file has no road in Zweibrücken: the answer is not from it
    const onShared = await kusel.route(ZWEIBRUECKEN).catch((e: Error) => e);
    expect(onShared).not.toEqual(inZw);
    expect(await routing.route(KUSEL)).toEqual(await kusel.route(KUSEL));
  });

  it('tables and snapping follow the same county', async () => {
    expect(await routing.table(ZWEIBRUECKEN, ZWEIBRUECKEN)).toEqual(
      await zweibruecken.table(ZWEIBRUECKEN, ZWEIBRUECKEN),
    );
    expect(await routing.nearest(ZWEIBRUECKEN[0])).toEqual(
      await zweibruecken.nearest(ZWEIBRUECKEN[0]),
    );
    expect(await routing.table(KUSEL, KUSEL)).toEqual(await kusel.table(KUSEL, KUSEL));
  });

  it('points in two counties, or in none, go to the shared router', () => {
    expect(routing.routerFor([KUSEL[0], ZWEIBRUECKEN[0]])).toBe(kusel);
    expect(routing.routerFor([{ lat: 48.1, lon: 11.5 }])).toBe(kusel);
    expect(routing.routerFor(ZWEIBRUECKEN)).toBe(zweibruecken);
  });
});
