import { carWayProfile, onewayDirection, parseMaxspeedKmh } from './car-profile';

// Values as car.lua v26.4.1 parses them: "DE:motorway" is 0 in its table (no limit: keep the
// highway default), zones it has no entry for give no speed, "none" is 140.
describe('parseMaxspeedKmh', () => {
  it.each([
    ['50', 50],
    ['30 mph', 30 * 1.609344],
    ['DE:urban', 50],
    ['DE:rural', 100],
    ['DE:motorway', undefined],
    ['DE:living_street', 7],
    ['FR:rural', 80],
    ['AT:trunk', 100],
    ['DE:zone30', undefined],
    ['walk', undefined],
    ['none', 140],
    ['signals', undefined],
    [undefined, undefined],
  ])('%s -> %s km/h', (value, kmh) => {
    const parsed = parseMaxspeedKmh(value);
    if (kmh === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toBeCloseTo(kmh, 6);
  });
});

describe('onewayDirection', () => {
  it.each([
    [{ highway: 'residential', oneway: 'yes' }, 1],
    [{ highway: 'residential', oneway: '1' }, 1],
    [{ highway: 'residential', oneway: 'true' }, 1],
    [{ highway: 'residential', oneway: '-1' }, -1],
    [{ highway: 'residential', junction: 'roundabout' }, 1],
    [{ highway: 'motorway' }, 1],
    [{ highway: 'motorway', oneway: 'no' }, 0],
    [{ highway: 'primary' }, 0],
  ])('%j -> %d', (tags, dir) => expect(onewayDirection(tags)).toBe(dir));
});

describe('carWayProfile', () => {
  it.each([
    ['motorway', 90],
    ['trunk', 85],
    ['primary', 65],
    ['secondary', 55],
    ['tertiary', 40],
    ['unclassified', 25],
    ['residential', 25],
    ['living_street', 10],
    ['service', 15],
    ['motorway_link', 45],
    ['primary_link', 30],
  ])('drives %s at the OSRM default of %d km/h', (highway, kmh) => {
    expect(carWayProfile({ highway })?.forwardKmh).toBe(kmh);
  });

  it('uses 80 % of a tagged maxspeed, as OSRM car.lua does', () => {
    expect(carWayProfile({ highway: 'primary', maxspeed: '100' })?.forwardKmh).toBeCloseTo(80);
  });

  it.each<Record<string, string>>([
    { highway: 'footway' },
    { highway: 'path' },
    { highway: 'cycleway' },
    { highway: 'pedestrian' },
    { highway: 'steps' },
    { highway: 'track' },
    { highway: 'residential', access: 'no' },
    { highway: 'residential', motor_vehicle: 'no' },
    { highway: 'footway', access: 'destination' },
    { highway: 'service', service: 'emergency_access' },
    { highway: 'residential', maxheight: '1.8' },
    { highway: 'residential', oneway: 'reversible' },
    { highway: 'residential', motorcar: 'no' },
    { highway: 'residential', access: 'yes', motorcar: 'no' },
    { highway: 'construction' },
    { highway: 'service', area: 'yes' },
  ])('closes %j to cars', (tags) => expect(carWayProfile(tags)).toBeNull());

  it('opens a track or pedestrian way when cars are explicitly allowed', () => {
    expect(carWayProfile({ highway: 'track', motor_vehicle: 'yes' })).not.toBeNull();
    expect(carWayProfile({ highway: 'pedestrian', motorcar: 'yes' })).not.toBeNull();
    expect(carWayProfile({ highway: 'residential', access: 'no', motorcar: 'yes' })).not.toBeNull();
  });

  it('keeps local-access-only roads as restricted (entering them costs the max turn weight)', () => {
    const p = carWayProfile({ highway: 'residential', access: 'private' });
    expect(p?.forwardRestricted).toBe(true);
    expect(p?.forwardKmh).toBe(25);
    expect(carWayProfile({ highway: 'service', access: 'private' })?.startpoint).toBe(false);
  });

  it('routes by routability: service alleys and single-lane two-way roads at half rate', () => {
    expect(carWayProfile({ highway: 'service', service: 'parking_aisle' })?.rateFactor).toBe(0.5);
    expect(carWayProfile({ highway: 'residential', lanes: '1' })?.rateFactor).toBe(0.5);
    expect(carWayProfile({ highway: 'residential', lanes: '1', oneway: 'yes' })?.rateFactor).toBe(
      1,
    );
  });

  it('caps speed by surface, as car.lua surface_speeds', () => {
    expect(carWayProfile({ highway: 'primary', surface: 'cobblestone' })?.forwardKmh).toBe(30);
  });

  it('names a way by name, else by ref', () => {
    expect(carWayProfile({ highway: 'secondary', ref: 'L 364' })?.name).toBe('L 364');
    expect(
      carWayProfile({ highway: 'secondary', ref: 'L 364', name: 'Trierer Straße' })?.name,
    ).toBe('Trierer Straße');
  });
});
