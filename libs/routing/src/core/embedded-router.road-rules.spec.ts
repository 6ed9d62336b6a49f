import { RoutingError } from '../routing.error';
import { EmbeddedRouter } from './embedded-router';
import { buildRoadGraph } from './graph-builder';
import { osmXml, type FixtureWay } from './osm-fixture';
import { parseOsmXml } from './osm-reader';

/*
 * A square block, ~730 m east-west and ~560 m north-south:
 *
 *   3 ---------- 4
 *   |            |
 *   1 ---------- 2      (1-2 is the street under test; the rest is a two-way detour)
 */
const A = { lat: 49.5, lon: 7.4 };
const B = { lat: 49.5, lon: 7.41 };
const nodes: Record<number, [number, number]> = {
  1: [A.lat, A.lon],
  2: [B.lat, B.lon],
  3: [49.505, 7.4],
  4: [49.505, 7.41],
};
const detour: FixtureWay = { nodes: [1, 3, 4, 2], tags: { highway: 'residential', name: 'Umweg' } };

function routerFor(
  ways: FixtureWay[],
  extraNodes: Record<number, [number, number]> = {},
  smallComponentSize?: number,
) {
  const raw = parseOsmXml(osmXml({ ...nodes, ...extraNodes }, ways));
  return new EmbeddedRouter(buildRoadGraph(raw, { smallComponentSize }));
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RoutingError);
    expect((err as RoutingError).code).toBe(code);
    return;
  }
  throw new Error(`expected RoutingError ${code}`);
}

describe('EmbeddedRouter road rules', () => {
  it.each([
    ['oneway=yes along 1->2', { nodes: [1, 2], tags: { highway: 'residential', oneway: 'yes' } }],
    ['oneway=-1 drawn 2->1', { nodes: [2, 1], tags: { highway: 'residential', oneway: '-1' } }],
    [
      'a roundabout drawn 1->2',
      { nodes: [1, 2], tags: { highway: 'residential', junction: 'roundabout' } },
    ],
  ])('lets cars use %s only in its direction', (_label, street) => {
    const router = routerFor([street, detour]);
    const there = router.route([A, B]);
    const back = router.route([B, A]);
    expect(there.distanceM).toBeCloseTo(725, -1);
    // Back must go round the block: two sides of 556 m plus the top.
    expect(back.distanceM).toBeGreaterThan(1800);
    expect(back.durationS).toBeGreaterThan(there.durationS * 2);
    expect(back.legs[0].summary).toBe('Umweg');
  });

  it('drives a two-way street both ways at the same cost', () => {
    const router = routerFor([{ nodes: [1, 2], tags: { highway: 'residential' } }, detour]);
    const t = router.table([A, B], [A, B]);
    expect(t.durationsS[0][1]).toBeCloseTo(t.durationsS[1][0] ?? NaN, 6);
    expect(t.durationsS[0][0]).toBe(0);
  });

  it.each<Record<string, string>>([
    { highway: 'footway' },
    { highway: 'cycleway' },
    { highway: 'track' },
    { highway: 'residential', access: 'no' },
    { highway: 'residential', motor_vehicle: 'no' },
    { highway: 'residential', motorcar: 'no' },
  ])('ignores a shortcut closed to cars: %j', (tags) => {
    const router = routerFor([{ nodes: [1, 2], tags }, detour]);
    expect(router.route([A, B]).distanceM).toBeGreaterThan(1800);
  });

  it('splits a segment cost in proportion when a point lies mid-street', () => {
    const router = routerFor([{ nodes: [1, 2], tags: { highway: 'residential' } }, detour]);
    const quarter = { lat: 49.5, lon: 7.4025 };
    const full = router.route([A, B]);
    const part = router.route([A, quarter]);
    expect(part.distanceM / full.distanceM).toBeCloseTo(0.25, 2);
    expect(part.durationS / full.durationS).toBeCloseTo(0.25, 2);
  });

  it('reports the road name and distance of the nearest road', () => {
    const router = routerFor([
      { nodes: [1, 2], tags: { highway: 'residential', name: 'Hauptstraße' } },
      detour,
    ]);
    const near = router.nearest({ lat: 49.5009, lon: 7.405 });
    expect(near.name).toBe('Hauptstraße');
    expect(near.distanceM).toBeCloseTo(100, -1);
    expect(near.location.lat).toBeCloseTo(49.5, 6);
  });

  describe('with a second road network 5 km away that is not connected', () => {
    const island = {
      10: [49.545, 7.4] as [number, number],
      11: [49.545, 7.41] as [number, number],
    };
    const islandRoad: FixtureWay = {
      nodes: [10, 11],
      tags: { highway: 'residential', name: 'Insel' },
    };
    const onIsland = { lat: 49.545, lon: 7.405 };

    const ways = [{ nodes: [1, 2], tags: { highway: 'residential' } }, detour, islandRoad];

    it('still snaps to the island, as OSRM /nearest does', () => {
      const router = routerFor(ways, island);
      expect(router.nearest(onIsland).name).toBe('Insel');
    });

    it('answers NoRoute, and null in tables, when no bigger network is within reach', () => {
      // Every part of this fixture is "tiny" (under 1,000 edges), so there is nothing to fall back to.
      const router = routerFor(ways, island);
      expectCode(() => router.route([A, onIsland]), 'NoRoute');
      const t = router.table([A], [B, onIsland]);
      expect(t.durationsS[0][0]).not.toBeNull();
      expect(t.durationsS[0][1]).toBeNull();
      expect(t.distancesM[0][1]).toBeNull();
    });
  });

  describe('near a small piece of road that is not connected to the network (OSRM is_tiny)', () => {
    // A stub 60 m from the point, the main network's street 150 m away.
    const stub = {
      20: [49.5013, 7.4048] as [number, number],
      21: [49.5013, 7.4052] as [number, number],
    };
    const stubRoad: FixtureWay = { nodes: [20, 21], tags: { highway: 'service', name: 'Stummel' } };
    const point = { lat: 49.50135, lon: 7.405 };
    const ways = [
      { nodes: [1, 2], tags: { highway: 'residential', name: 'Hauptstraße' } },
      detour,
      stubRoad,
    ];

    it('snaps a route point to the nearest road that connects to the main network', () => {
      const router = routerFor(ways, stub, 4);
      const route = router.route([A, point]);
      expect(route.distanceM).toBeGreaterThan(300);
      const t = router.table([point], [A]);
      expect(t.durationsS[0][0]).not.toBeNull();
    });

    it('keeps the stub for /nearest and when every point lies on it', () => {
      const router = routerFor(ways, stub, 4);
      expect(router.nearest(point).name).toBe('Stummel');
      const onStub = router.route([point, { lat: 49.5013, lon: 7.4051 }]);
      expect(onStub.distanceM).toBeLessThan(30);
    });
  });
});
