import { CountyRoadNetworksService } from '@app/application';
import { addCounty, CountyDataError } from '@app/kusel-data';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import { EmbeddedRoutingAdapter, RoutingPort, type LatLon } from '@app/routing';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

const KL = {
  ags: '07335',
  name: 'Landkreis Kaiserslautern',
  municipalitiesFile: 'data/kaiserslautern/municipalities.csv',
  stationsFile: 'data/kaiserslautern/rail_stations.csv',
};
/** The box of `zweibruecken-roads.osm` ([lon, lat] ring), standing in for the county's area. */
const ZW_BOX = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [7.29, 49.19],
      [7.45, 49.19],
      [7.45, 49.32],
      [7.29, 49.32],
      [7.29, 49.19],
    ],
  ],
};
/** Two places in Zweibrücken, on that real OSM extract. */
const ZW: LatLon[] = [
  { lat: 49.2465, lon: 7.3625 },
  { lat: 49.2694, lon: 7.3968 },
];
/** Kusel station to Altenglan station, on the installation's (synthetic Kusel) file. */
const KUSEL: LatLon[] = [
  { lat: 49.538282, lon: 7.410329 },
  { lat: 49.548643, lon: 7.461841 },
];

/**
 * A county with its own road file (`county:add --osm FILE`) next to Kusel on the installation's
 * file: the embedded router answers a route inside each county on that county's network, and the
 * county's road map is its own file.
 */
describe("a county's own road file", () => {
  let h: BookingApiHarness;
  let own: EmbeddedRoutingAdapter;
  let shared: EmbeddedRoutingAdapter;

  beforeAll(async () => {
    h = await startBookingApi();
    own = await EmbeddedRoutingAdapter.fromOsmFile('data/osm/zweibruecken-roads.osm');
    shared = await EmbeddedRoutingAdapter.fromOsmFile('data/osm/kusel-synthetic.osm');
  }, 60_000);
  afterAll(() => h?.close());

  it('county:add refuses a road file that is not there, naming the option', async () => {
    await expect(addCounty(h.ds, { ...KL, osmFile: 'data/osm/nowhere.osm' })).rejects.toThrow(
      CountyDataError,
    );
    await expect(addCounty(h.ds, { ...KL, osmFile: 'data/osm/nowhere.osm' })).rejects.toThrow(
      /field "osm": no such file/,
    );
  });

  it('routes inside each county on its own network, and serves its road map', async () => {
    const kl = await addCounty(h.ds, { ...KL, osmFile: 'data/osm/zweibruecken-roads.osm' });
    expect(
      await h.ds.getRepository(CountyEntity).findOneByOrFail({ id: kl.countyId }),
    ).toMatchObject({ osmFile: 'data/osm/zweibruecken-roads.osm' });
    await h.ds
      .getRepository(ServiceAreaEntity)
      .update({ id: kl.serviceAreaId }, { geometry: ZW_BOX });
    await h.app.get(CountyRoadNetworksService).refresh();

    const routing = h.app.get(RoutingPort);
    const inKl = await routing.route(ZW);
    expect(inKl).toEqual(await own.route(ZW));
    expect(inKl.distanceM).toBeGreaterThan(1000);
    // the installation's file has no road there
    expect(await shared.route(ZW).catch((e: Error) => e)).not.toEqual(inKl);
    expect(await routing.table(ZW, ZW)).toEqual(await own.table(ZW, ZW));
    expect(await routing.route(KUSEL)).toEqual(await shared.route(KUSEL));

    const map = (await h.http.get('/v1/web/road-network?county=07335').expect(200)).body;
    expect(map.features.length).toBeGreaterThan(100);
    for (const f of map.features as Array<{ geometry: { coordinates: [number, number][] } }>)
      for (const [lon, lat] of f.geometry.coordinates) {
        expect(lon).toBeGreaterThan(7.2);
        expect(lon).toBeLessThan(7.5);
        expect(lat).toBeGreaterThan(49.1);
        expect(lat).toBeLessThan(49.4);
      }
  });
});
