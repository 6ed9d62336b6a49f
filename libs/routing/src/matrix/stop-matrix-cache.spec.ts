import type { LatLon } from '../geo';
import { RoutingPort, type Route, type RoutingTable, type SnappedPoint } from '../routing.port';
import { StopMatrixCache, type MatrixStop } from './stop-matrix-cache';

/** A port whose travel time is 100 s per 0.01 degree of longitude; counts table calls. */
class FakePort extends RoutingPort {
  calls: { sources: number; destinations: number }[] = [];
  /** Seconds per 0.01 degree / 100: a road file replaced under the port changes it. */
  scale = 1;
  /** Runs while a table is being answered, before the answer returns. */
  during?: () => void;

  async table(sources: readonly LatLon[], destinations: readonly LatLon[]): Promise<RoutingTable> {
    this.calls.push({ sources: sources.length, destinations: destinations.length });
    const scale = this.scale;
    const cost = (a: LatLon, b: LatLon): number | null =>
      a.lat > 50 || b.lat > 50 ? null : Math.round(Math.abs(a.lon - b.lon) * 10_000 * scale);
    const during = this.during;
    this.during = undefined;
    during?.();
    return {
      durationsS: sources.map((s) => destinations.map((d) => cost(s, d))),
      distancesM: sources.map((s) => destinations.map((d) => (cost(s, d) ?? NaN) * 10)),
    };
  }

  route(): Promise<Route> {
    throw new Error('not used');
  }

  nearest(): Promise<SnappedPoint> {
    throw new Error('not used');
  }
}

const stop = (id: string, lon: number, lat = 49.5): MatrixStop => ({ id, lat, lon });

describe('StopMatrixCache', () => {
  it('answers repeated matrices from the cache and fetches only new stops', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port);
    const a = stop('a', 7.4);
    const b = stop('b', 7.41);
    const c = stop('c', 7.43);
    const first = await cache.matrix([a, b]);
    expect(first.durationsS).toEqual([
      [0, 100],
      [100, 0],
    ]);
    await cache.matrix([a, b]);
    expect(port.calls).toHaveLength(1);
    const second = await cache.matrix([a, b, c]);
    expect(second.durationsS[0][2]).toBe(300);
    expect(second.distancesM[2][1]).toBe(2000);
    expect(port.calls).toHaveLength(2);
  });

  it('forgets every time when cleared (the road file changed), also mid-request', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port);
    const [a, b, c] = [stop('a', 7.4), stop('b', 7.41), stop('c', 7.43)];
    expect((await cache.pair(a, b))?.durationS).toBe(100);
    port.scale = 2;
    cache.clear();
    expect((await cache.pair(a, b))?.durationS).toBe(200);
    // Cleared while the port answers on the old network: asked again, the new answer kept.
    port.during = () => {
      port.scale = 3;
      cache.clear();
    };
    const calls = port.calls.length;
    expect((await cache.matrix([a, c])).durationsS).toEqual([
      [0, 900],
      [900, 0],
    ]);
    expect(port.calls.length).toBe(calls + 2);
    expect((await cache.pair(c, a))?.durationS).toBe(900);
    expect(port.calls.length).toBe(calls + 2);
  });

  it('remembers unreachable pairs as null without asking again', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port);
    expect(await cache.pair(stop('a', 7.4), stop('x', 7.4, 51))).toBeNull();
    expect(await cache.pair(stop('a', 7.4), stop('x', 7.4, 51))).toBeNull();
    expect(port.calls).toHaveLength(1);
  });

  it('does not serve a stop that moved its old travel times', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port);
    await cache.pair(stop('a', 7.4), stop('b', 7.41));
    const moved = await cache.pair(stop('a', 7.4), stop('b', 7.42));
    expect(moved?.durationS).toBe(200);
  });

  it('keeps at most the configured number of stops, starting afresh past it', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port, 3);
    await cache.matrix([stop('a', 7.4), stop('b', 7.41), stop('c', 7.42)]);
    expect(cache.size).toBe(3);
    const m = await cache.matrix([stop('c', 7.42), stop('d', 7.45)]);
    expect(m.durationsS).toEqual([
      [0, 300],
      [300, 0],
    ]);
    expect(cache.size).toBe(2);
    expect(port.calls).toHaveLength(2);
  });

  it('grows its table without losing what it knew', async () => {
    const port = new FakePort();
    const cache = new StopMatrixCache(port);
    const many = Array.from({ length: 70 }, (_, i) => stop(`s${i}`, 7 + i / 100));
    await cache.matrix(many.slice(0, 10));
    await cache.matrix(many); // past the first 64 slots
    const again = await cache.matrix([many[3], many[69]]);
    expect(again.durationsS[0][1]).toBe(6600);
    expect(port.calls).toHaveLength(2);
  });
});
