import { haversineM, type LatLon } from '../geo';
import { EmbeddedRouter } from './embedded-router';
import { buildRoadGraph } from './graph-builder';
import { parseOsmXml } from './osm-reader';
import { osmXml, type FixtureWay } from './osm-fixture';

/*
 * One small OSM network per car.lua rule (OSRM v26.4.1), each with the route OSRM's rules give.
 * Expected durations are written out from the rules: every segment costs its length at the
 * highway speed (residential 25 km/h) rounded to 0.1 s, and turns cost the car.lua sigmoid:
 * 90 degrees right 2.1 s, 90 degrees left 5.3 s, straight 0 s, u-turn 7.4 s + 20 s (deciseconds,
 * truncated, as osrm-extract stores them). Phantoms at a segment's middle take half its time.
 */
type Nodes = Record<number, [number, number]>;
const KMH = 25;
const seg = (nodes: Nodes, a: number, b: number): number =>
  haversineM({ lat: nodes[a][0], lon: nodes[a][1] }, { lat: nodes[b][0], lon: nodes[b][1] });
const segS = (nodes: Nodes, a: number, b: number): number =>
  Math.max(1, Math.round((seg(nodes, a, b) / (KMH / 3.6)) * 10)) / 10;
const mid = (nodes: Nodes, a: number, b: number): LatLon => ({
  lat: (nodes[a][0] + nodes[b][0]) / 2,
  lon: (nodes[a][1] + nodes[b][1]) / 2,
});

interface Relation {
  from: number;
  via: number;
  to: number;
  restriction: string;
  viaType?: 'node' | 'way';
}

function router(
  nodes: Nodes,
  ways: FixtureWay[],
  relations: Relation[] = [],
  nodeTags: Record<number, Record<string, string>> = {},
) {
  let xml = osmXml(nodes, ways);
  for (const [id, tags] of Object.entries(nodeTags)) {
    const attrs = Object.entries(tags)
      .map(([k, v]) => `<tag k="${k}" v="${v}"/>`)
      .join('');
    xml = xml.replace(
      new RegExp(`<node id="${id}" (lat="[^"]*" lon="[^"]*")/>`),
      `<node id="${id}" $1>${attrs}</node>`,
    );
  }
  const rels = relations
    .map(
      (r, i) =>
        `<relation id="${i + 1}"><member type="way" ref="${r.from}" role="from"/>` +
        `<member type="${r.viaType ?? 'node'}" ref="${r.via}" role="via"/><member type="way" ref="${r.to}" role="to"/>` +
        `<tag k="type" v="restriction"/><tag k="restriction" v="${r.restriction}"/></relation>`,
    )
    .join('\n');
  xml = xml.replace('</osm>', `${rels}\n</osm>`);
  return new EmbeddedRouter(buildRoadGraph(parseOsmXml(xml)));
}

const near = (actual: LatLon, expected: LatLon): boolean => haversineM(actual, expected) < 1;
const passesThrough = (coords: number[][], p: [number, number]): boolean =>
  coords.some(([lon, lat]) => near({ lat, lon }, { lat: p[0], lon: p[1] }));

/*
 * A crossroads C with four arms and a ring road from the north arm's end to the west arm's end:
 *
 *   NW(6) ---- N(3)
 *    |          |
 *   W(2) ----- C(5) ----- E(4)
 *               |
 *              S(1)
 */
const cross: Nodes = {
  1: [49.499, 7.4],
  2: [49.5, 7.3986],
  3: [49.501, 7.4],
  4: [49.5, 7.4014],
  5: [49.5, 7.4],
  6: [49.501, 7.3986],
};
const r = (name: string) => ({ highway: 'residential', name });
const crossWays: FixtureWay[] = [
  { nodes: [1, 5], tags: r('Süd') }, // way 1
  { nodes: [5, 2], tags: r('West') }, // way 2
  { nodes: [5, 3], tags: r('Nord') }, // way 3
  { nodes: [5, 4], tags: r('Ost') }, // way 4
  { nodes: [3, 6, 2], tags: r('Ring') }, // way 5
];
const fromSouth = mid(cross, 1, 5);
const onWest = mid(cross, 5, 2);
const onEast = mid(cross, 5, 4);
const LEFT_S = 5.3;
const RIGHT_S = 2.1;
const U_TURN_S = 27.4;

describe('car.lua rules on small fixtures (OSRM v26.4.1)', () => {
  it('turns left at a crossroads with the left-turn penalty', () => {
    const route = router(cross, crossWays).route([fromSouth, onWest]);
    expect(route.distanceM).toBeCloseTo(seg(cross, 1, 5) / 2 + seg(cross, 5, 2) / 2, 0);
    expect(route.durationS).toBeCloseTo(segS(cross, 1, 5) / 2 + LEFT_S + segS(cross, 5, 2) / 2, 1);
  });

  it('turns right more cheaply than left (turn_bias)', () => {
    const route = router(cross, crossWays).route([fromSouth, onEast]);
    expect(route.durationS).toBeCloseTo(segS(cross, 1, 5) / 2 + RIGHT_S + segS(cross, 5, 4) / 2, 1);
  });

  it('obeys no_left_turn: goes straight on and round the ring instead', () => {
    const route = router(cross, crossWays, [
      { from: 1, via: 5, to: 2, restriction: 'no_left_turn' },
    ]).route([fromSouth, onWest]);
    expect(passesThrough(route.geometry.coordinates, cross[6])).toBe(true);
    const metres =
      seg(cross, 1, 5) / 2 +
      seg(cross, 5, 3) +
      seg(cross, 3, 6) +
      seg(cross, 6, 2) +
      seg(cross, 2, 5) / 2;
    expect(route.distanceM).toBeCloseTo(metres, 0);
    // Straight on at C and no turn penalty where only two roads meet.
    const seconds =
      segS(cross, 1, 5) / 2 +
      segS(cross, 5, 3) +
      segS(cross, 3, 6) +
      segS(cross, 6, 2) +
      segS(cross, 2, 5) / 2;
    expect(route.durationS).toBeCloseTo(seconds, 1);
  });

  it('obeys only_straight_on: no right turn to the east arm, round the ring and across C', () => {
    const route = router(cross, crossWays, [
      { from: 1, via: 5, to: 3, restriction: 'only_straight_on' },
    ]).route([fromSouth, onEast]);
    expect(passesThrough(route.geometry.coordinates, cross[6])).toBe(true);
    const metres =
      seg(cross, 1, 5) / 2 +
      seg(cross, 5, 3) +
      seg(cross, 3, 6) +
      seg(cross, 6, 2) +
      seg(cross, 2, 5) +
      seg(cross, 5, 4) / 2;
    expect(route.distanceM).toBeCloseTo(metres, 0);
    // Table and route agree (both through the contraction hierarchy).
    const table = router(cross, crossWays, [
      { from: 1, via: 5, to: 3, restriction: 'only_straight_on' },
    ]).table([fromSouth], [onEast]);
    expect(table.durationsS[0][0]).toBeCloseTo(route.durationS, 6);
  });

  describe('traffic signals', () => {
    const line: Nodes = { 1: [49.5, 7.4], 2: [49.5, 7.401], 3: [49.5, 7.402] };
    const street: FixtureWay[] = [{ nodes: [1, 2, 3], tags: r('Hauptstraße') }];
    const plain = segS(line, 1, 2) / 2 + segS(line, 2, 3) / 2;

    it('adds 2 s for a signal passed on the way', () => {
      const rt = router(line, street, [], { 2: { highway: 'traffic_signals' } });
      expect(rt.route([mid(line, 1, 2), mid(line, 2, 3)]).durationS).toBeCloseTo(plain + 2, 1);
      expect(rt.route([mid(line, 2, 3), mid(line, 1, 2)]).durationS).toBeCloseTo(plain + 2, 1);
    });

    it('charges a signal with traffic_signals:direction=forward only in the way direction', () => {
      const rt = router(line, street, [], {
        2: { highway: 'traffic_signals', 'traffic_signals:direction': 'forward' },
      });
      expect(rt.route([mid(line, 1, 2), mid(line, 2, 3)]).durationS).toBeCloseTo(plain + 2, 1);
      expect(rt.route([mid(line, 2, 3), mid(line, 1, 2)]).durationS).toBeCloseTo(plain, 1);
    });

    it('adds 2 s for a stop sign and 1 s for give way', () => {
      const stop = router(line, street, [], { 2: { highway: 'stop' } });
      expect(stop.route([mid(line, 1, 2), mid(line, 2, 3)]).durationS).toBeCloseTo(plain + 2, 1);
      const giveWay = router(line, street, [], { 2: { highway: 'give_way' } });
      expect(giveWay.route([mid(line, 1, 2), mid(line, 2, 3)]).durationS).toBeCloseTo(plain + 1, 1);
    });
  });

  describe('barriers', () => {
    // The street 1-5-2 with a barrier at 5, and a long two-way detour 1-3-4-2.
    const block: Nodes = {
      1: [49.5, 7.4],
      2: [49.5, 7.41],
      3: [49.505, 7.4],
      4: [49.505, 7.41],
      5: [49.5, 7.405],
    };
    const ways: FixtureWay[] = [
      { nodes: [1, 5, 2], tags: r('Gasse') },
      { nodes: [1, 3, 4, 2], tags: r('Umweg') },
    ];
    const start = mid(block, 1, 5);
    const end = mid(block, 5, 2);

    it('does not drive through a bollard: takes the detour', () => {
      const route = router(block, ways, [], { 5: { barrier: 'bollard' } }).route([start, end]);
      expect(route.legs[0].summary).toContain('Umweg');
      expect(route.distanceM).toBeGreaterThan(1800);
    });

    it('drives through a gate at 60 s, as v26.4.1 barrier_penalties say', () => {
      const route = router(block, ways, [], { 5: { barrier: 'gate' } }).route([start, end]);
      expect(route.distanceM).toBeCloseTo(seg(block, 1, 5) / 2 + seg(block, 5, 2) / 2, 0);
      expect(route.durationS).toBeCloseTo(segS(block, 1, 5) / 2 + 60 + segS(block, 5, 2) / 2, 1);
    });

    it('lets nothing through a node with access=no', () => {
      const route = router(block, ways, [], { 5: { access: 'no' } }).route([start, end]);
      expect(route.distanceM).toBeGreaterThan(1800);
    });
  });

  describe('a one-way street into a road whose left turn is forbidden', () => {
    /*
     *   W(9) ------- J(1) ------ 2 ------ 3 (dead end)
     *                 ^
     *                 | one-way north
     *                 0
     */
    const t: Nodes = {
      0: [49.499, 7.4],
      1: [49.5, 7.4],
      2: [49.5, 7.4014],
      3: [49.5, 7.4028],
      9: [49.5, 7.3972],
    };
    const ways: FixtureWay[] = [
      { nodes: [0, 1], tags: { ...r('Einbahn'), oneway: 'yes' } }, // way 1
      { nodes: [1, 2, 3], tags: r('Ost') }, // way 2
      { nodes: [1, 9], tags: r('West') }, // way 3
    ];
    const noLeft = [{ from: 1, via: 1, to: 3, restriction: 'no_left_turn' }];
    const start = mid(t, 0, 1);
    const goal = mid(t, 1, 9);

    it('turns right, makes the u-turn only at the dead end (not mid-street), and comes back', () => {
      const route = router(t, ways, noLeft).route([start, goal]);
      const metres = seg(t, 0, 1) / 2 + 2 * (seg(t, 1, 2) + seg(t, 2, 3)) + seg(t, 1, 9) / 2;
      expect(route.distanceM).toBeCloseTo(metres, 0);
      const seconds =
        segS(t, 0, 1) / 2 +
        RIGHT_S +
        2 * (segS(t, 1, 2) + segS(t, 2, 3)) +
        U_TURN_S +
        segS(t, 1, 9) / 2;
      expect(route.durationS).toBeCloseTo(seconds, 1);
    });

    it('turns at a turning circle when the street has one', () => {
      const route = router(t, ways, noLeft, { 2: { highway: 'turning_circle' } }).route([
        start,
        goal,
      ]);
      const metres = seg(t, 0, 1) / 2 + 2 * seg(t, 1, 2) + seg(t, 1, 9) / 2;
      expect(route.distanceM).toBeCloseTo(metres, 0);
      expect(route.durationS).toBeCloseTo(
        segS(t, 0, 1) / 2 + RIGHT_S + 2 * segS(t, 1, 2) + U_TURN_S + segS(t, 1, 9) / 2,
        1,
      );
    });

    it('never drives against the one-way', () => {
      const rt = router(t, ways);
      expect(() => rt.route([goal, start])).toThrow('Impossible route');
    });
  });

  describe('a no-u-turn through the connector of a dual carriageway (restriction with a via way)', () => {
    /*
     *   6 <------ 5 <------ 4      westbound (way 2)
     *   |         |
     *   3 ------> 2 ------> 1 ... eastbound (way 1), connectors 2-5 (way 3) and 3-6 (way 4)
     *
     * Drawn west to east: 1 is west. Eastbound runs 1 -> 2 -> 3, westbound 6 -> 5 -> 4.
     */
    const d: Nodes = {
      1: [49.5, 7.4],
      2: [49.5, 7.402],
      3: [49.5, 7.404],
      4: [49.5003, 7.4],
      5: [49.5003, 7.402],
      6: [49.5003, 7.404],
    };
    const ways: FixtureWay[] = [
      { nodes: [1, 2, 3], tags: { ...r('Ost'), oneway: 'yes' } }, // way 1
      { nodes: [6, 5, 4], tags: { ...r('West'), oneway: 'yes' } }, // way 2
      { nodes: [2, 5], tags: r('Wende') }, // way 3
      { nodes: [3, 6], tags: r('Schleife') }, // way 4
    ];
    const start = mid(d, 1, 2);
    const goal = mid(d, 5, 4);

    it('turns through the first connector without the restriction', () => {
      const route = router(d, ways).route([start, goal]);
      expect(passesThrough(route.geometry.coordinates, d[6])).toBe(false);
      expect(route.distanceM).toBeCloseTo(seg(d, 1, 2) / 2 + seg(d, 2, 5) + seg(d, 5, 4) / 2, 0);
    });

    it('obeys no_u_turn from way 1 via way 3 to way 2: goes on to the next connector', () => {
      const rt = router(d, ways, [
        { from: 1, via: 3, viaType: 'way', to: 2, restriction: 'no_u_turn' },
      ]);
      const route = rt.route([start, goal]);
      expect(passesThrough(route.geometry.coordinates, d[6])).toBe(true);
      const metres =
        seg(d, 1, 2) / 2 + seg(d, 2, 3) + seg(d, 3, 6) + seg(d, 6, 5) + seg(d, 5, 4) / 2;
      expect(route.distanceM).toBeCloseTo(metres, 0);
      // The connector itself stays usable for trips that do not complete the forbidden move.
      const intoConnector = rt.route([start, mid(d, 2, 5)]);
      expect(intoConnector.distanceM).toBeCloseTo(seg(d, 1, 2) / 2 + seg(d, 2, 5) / 2, 0);
      // Table (contraction hierarchy over the copied nodes) and route agree.
      expect(rt.table([start], [goal]).durationsS[0][0]).toBeCloseTo(route.durationS, 6);
    });
  });
});
