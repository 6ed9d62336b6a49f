import { MAX_AREA_POSITIONS, ringCrossing, validateAreaGeometry } from './geo';

type Ring = number[][];
const polygon = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings });
const square = (lon0: number, lat0: number, size: number): Ring => [
  [lon0, lat0],
  [lon0 + size, lat0],
  [lon0 + size, lat0 + size],
  [lon0, lat0 + size],
  [lon0, lat0],
];
/** A closed circle of `n` corners around Kusel, counter-clockwise. */
const circle = (n: number, r = 0.15): Ring => {
  const ring = Array.from({ length: n }, (_, k) => {
    const a = (2 * Math.PI * k) / n;
    return [7.4 + r * Math.cos(a), 49.55 + r * Math.sin(a)];
  });
  return [...ring, ring[0]];
};

describe('service area geometry: rings must not cross themselves', () => {
  it('passes a square, a square with a hole and a 5,000-corner circle', () => {
    expect(validateAreaGeometry(polygon(square(7, 49, 0.1)))).toEqual([]);
    expect(validateAreaGeometry(polygon(square(7, 49, 0.1), square(7.02, 49.02, 0.02)))).toEqual(
      [],
    );
    expect(validateAreaGeometry(polygon(circle(5_000)))).toEqual([]);
    expect(
      validateAreaGeometry({
        type: 'MultiPolygon',
        coordinates: [[circle(2_000)], [square(8, 49, 0.1)]],
      }),
    ).toEqual([]);
  });

  it('passes repeated consecutive positions and collinear corners (no area lost)', () => {
    const ring = [
      [7, 49],
      [7, 49],
      [7.05, 49],
      [7.1, 49],
      [7.1, 49.1],
      [7, 49.1],
      [7, 49],
    ];
    expect(ringCrossing(ring)).toBeNull();
  });

  it('refuses a bow-tie, naming the edges that cross', () => {
    const bowTie = [
      [7.3, 49.5],
      [7.5, 49.6],
      [7.5, 49.5],
      [7.3, 49.6],
      [7.3, 49.5],
    ];
    expect(validateAreaGeometry(polygon(bowTie))).toEqual([
      'ring 1: the edges at positions 1–2 and 3–4 cross or touch; a ring must not cross itself',
    ]);
  });

  it('refuses a large circle with one crossing hidden in it, naming the polygon', () => {
    const ring = circle(5_000);
    // Swap two neighbouring corners: the edges around them now cross.
    [ring[2500], ring[2501]] = [ring[2501], ring[2500]];
    const [reason] = validateAreaGeometry({
      type: 'MultiPolygon',
      coordinates: [[square(8, 49, 0.1)], [ring]],
    });
    expect(reason).toMatch(/^polygon 2, ring 1: the edges at positions \d+–\d+ and \d+–\d+ cross/);
  });

  it.each<[string, Ring, RegExp]>([
    [
      'a ring that touches itself at a corner (figure eight)',
      [
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 1],
        [0, 0],
      ],
      /cross or touch/,
    ],
    [
      'a spike of no width',
      [
        [0, 0],
        [2, 0],
        [3, 0],
        [2, 0],
        [2, 2],
        [0, 0],
      ],
      /turns back|cross or touch/,
    ],
    [
      'three corners on one line',
      [
        [0, 0],
        [1, 0],
        [2, 0],
        [0, 0],
      ],
      /turns back/,
    ],
    [
      'a ring of one corner repeated',
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      /at least 3 distinct corners/,
    ],
  ])('refuses %s', (_name, ring, reason) => {
    expect(ringCrossing(ring)).toMatch(reason);
  });

  it('refuses more positions than the cap, before checking edges', () => {
    const [reason] = validateAreaGeometry(polygon(circle(MAX_AREA_POSITIONS + 1)));
    expect(reason).toMatch(/more than 20000 positions/);
  });

  it('refuses a ring of many long edges over each other as too intricate, not slowly', () => {
    // A zigzag of 8,000 edges, each spanning the whole width: valid, but every edge's box lies
    // over hundreds of others'.
    const teeth: Ring = [];
    for (let k = 0; k < 4_000; k++) {
      const y = k * 1e-4;
      teeth.push([0, y], [1, y + 5e-5]);
    }
    const ring = [...teeth, [2, 0.5], [2, -1], [-1, -1], [0, 0]];
    expect(ringCrossing(ring)).toMatch(/too intricate/);
  });
});
