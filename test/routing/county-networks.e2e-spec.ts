import { CountyNetworksRoutingAdapter, EmbeddedRoutingAdapter } from '@app/routing';
import {
  box,
  KUSEL_SYNTHETIC_OSM,
  KUSEL_TRIP as KUSEL,
  ZWEIBRUECKEN_BOX,
  ZWEIBRUECKEN_OSM,
  ZWEIBRUECKEN_TRIP as ZWEIBRUECKEN,
} from '../support/road-files';

/**
 * Two counties with their own road files on the embedded router: a route inside each is
 * answered on its own network, a route across them on the shared one.
 */
describe('county road networks: each county routes on its own road file', () => {
  let kusel: EmbeddedRoutingAdapter;
  let zweibruecken: EmbeddedRoutingAdapter;
  let routing: CountyNetworksRoutingAdapter;

  beforeAll(async () => {
    kusel = await EmbeddedRoutingAdapter.fromOsmFile(KUSEL_SYNTHETIC_OSM);
    zweibruecken = await EmbeddedRoutingAdapter.fromOsmFile(ZWEIBRUECKEN_OSM);
    routing = new CountyNetworksRoutingAdapter(kusel, [
      { countyCode: '07336', area: box(49.37, 7.25, 49.71, 7.72), routing: kusel },
      { countyCode: '07320', area: ZWEIBRUECKEN_BOX, routing: zweibruecken },
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
