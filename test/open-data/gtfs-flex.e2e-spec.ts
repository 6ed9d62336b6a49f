import { parse } from 'csv-parse/sync';
import * as yauzl from 'yauzl';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { checkGtfsFlex } from '../support/gtfs-flex-conformance';

/** The text files of a zip archive in memory. */
function unzip(buf: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files: Record<string, string> = {};
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            files[e.fileName] = Buffer.concat(chunks).toString('utf8');
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(files));
      zip.readEntry();
    });
  });
}

describe('open data: the service as GTFS-Flex', () => {
  let h: BookingApiHarness;
  let files: Record<string, string>;

  beforeAll(async () => {
    h = await startBookingApi({
      PUBLIC_BASE_URL: 'https://mobil.example.org',
      OFFICE_PHONE: '+49 6381 424-0',
    });
    const res = await h.http.get('/v1/gtfs-flex.zip').responseType('blob').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/zip/);
    files = await unzip(res.body as Buffer);
  });
  afterAll(() => h.close());

  it('conforms to the GTFS-Flex rules of the GTFS reference', () => {
    expect(Object.keys(files).sort()).toEqual(
      [
        'agency.txt',
        'booking_rules.txt',
        'calendar.txt',
        'feed_info.txt',
        'locations.geojson',
        'routes.txt',
        'stop_times.txt',
        'trips.txt',
      ].sort(),
    );
    expect(checkGtfsFlex(files)).toEqual([]);
  });

  it('publishes the live service area as the zone', async () => {
    const [area] = await h.ds.query(`SELECT geometry FROM service_areas WHERE status = 'active'`);
    const fc = JSON.parse(files['locations.geojson']);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].geometry).toEqual(area.geometry);
  });

  it('gives the hours of each weekday as pickup and drop-off windows', () => {
    const lines = files['stop_times.txt'].trim().split('\n').slice(1);
    const windows = new Set(lines.map((l) => l.split(',').slice(3, 5).join('-')));
    // Kusel: Mon-Fri 05-23, Sat 06-23, Sun 08-22.
    expect([...windows].sort()).toEqual([
      '05:00:00-23:00:00',
      '06:00:00-23:00:00',
      '08:00:00-22:00:00',
    ]);
    const cal = files['calendar.txt'].trim().split('\n');
    expect(cal).toHaveLength(4);
    expect(cal.some((l) => /,1,1,1,1,1,0,0,/.test(l))).toBe(true);
  });

  it('states notice, horizon, phone and booking page in the booking rule', () => {
    const [rule] = parse(files['booking_rules.txt'], { columns: true });
    expect(rule).toMatchObject({
      booking_type: '1',
      prior_notice_duration_min: '30',
      prior_notice_duration_max: String(14 * 24 * 60),
      phone_number: '+49 6381 424-0',
      booking_url: 'https://mobil.example.org/rider/',
    });
  });

  it('the conformance check finds broken feeds', () => {
    const broken = { ...files };
    broken['stop_times.txt'] = files['stop_times.txt'].replace(/,2,1,/g, ',0,1,');
    expect(checkGtfsFlex(broken).join('\n')).toMatch(/pickup_type 0\/3\/empty forbidden/);
    const noZone = { ...files, 'locations.geojson': '{"type":"FeatureCollection","features":[]}' };
    expect(checkGtfsFlex(noZone).join('\n')).toMatch(/not in locations.geojson/);
    const overlap = {
      ...files,
      'stop_times.txt': files['stop_times.txt'].replace(/,1,2,/g, ',2,2,'),
    };
    expect(checkGtfsFlex(overlap).join('\n')).toMatch(/zone overlap in pickups/);
    const badRule = {
      ...files,
      'booking_rules.txt': files['booking_rules.txt'].replace(/\n([^,]+),1,30,/, '\n$1,2,30,'),
    };
    expect(checkGtfsFlex(badRule).join('\n')).toMatch(/prior_notice_last_day required/);
  });

  it('answers 404 for an unknown county', async () => {
    await h.http.get('/v1/gtfs-flex.zip').query({ county: '09999' }).expect(404);
  });
});
