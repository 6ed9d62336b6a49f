import { carWayProfile, onewayDirection, parseMaxspeedKmh } from './car-profile';

describe('parseMaxspeedKmh', () => {
  it.each([
    ['50', 50],
    ['30 mph', 30 * 1.609344],
    ['DE:urban', 50],
    ['DE:rural', 100],
    ['DE:motorway', 130],
    ['DE:living_street', 7],
    ['DE:zone30', 30],
    ['walk', 7],
    ['none', undefined],
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
    { highway: 'residential', access: 'private' },
    { highway: 'residential', motor_vehicle: 'no' },
    { highway: 'residential', motorcar: 'no' },
    { highway: 'residential', access: 'yes', motorcar: 'no' },
    { highway: 'construction' },
    { highway: 'service', area: 'yes' },
  ])('closes %j to cars', (tags) => expect(carWayProfile(tags)).toBeNull());

  it('opens a track or pedestrian way when cars are explicitly allowed', () => {
    expect(carWayProfile({ highway: 'track', motor_vehicle: 'yes' })).not.toBeNull();
    expect(carWayProfile({ highway: 'pedestrian', motorcar: 'destination' })).not.toBeNull();
    expect(carWayProfile({ highway: 'residential', access: 'no', motorcar: 'yes' })).not.toBeNull();
  });

  it('names a way by name, else by ref', () => {
    expect(carWayProfile({ highway: 'secondary', ref: 'L 364' })?.name).toBe('L 364');
    expect(
      carWayProfile({ highway: 'secondary', ref: 'L 364', name: 'Trierer Straße' })?.name,
    ).toBe('Trierer Straße');
  });
});
