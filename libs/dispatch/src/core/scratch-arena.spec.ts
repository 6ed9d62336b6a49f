import { ScratchArena } from './scratch-arena';

describe('scratch arena (reused arrays of the online insertion)', () => {
  it('hands out zero-filled arrays again after a reset, whatever the last call left', () => {
    const arena = new ScratchArena();
    arena.float64(10).fill(7);
    arena.int32(10).fill(-1);
    arena.uint8(10).fill(1);
    arena.reset();
    expect([...arena.float64(10)]).toEqual(new Array(10).fill(0));
    expect([...arena.int32(10)]).toEqual(new Array(10).fill(0));
    expect([...arena.uint8(10)]).toEqual(new Array(10).fill(0));
  });

  it('finds ids at their new places and forgets ids the list no longer holds', () => {
    const arena = new ScratchArena();
    const first = arena.strings(0, 3);
    first.splice(0, 3, 'a', 'b', 'c');
    expect(arena.index(0, first)('c')).toBe(2);
    arena.reset();
    const second = arena.strings(0, 2);
    second.splice(0, 2, 'c', 'd');
    const find = arena.index(0, second);
    expect(find('c')).toBe(0);
    expect(find('d')).toBe(1);
    expect(find('a')).toBeUndefined();
    expect(find('b')).toBeUndefined();
  });

  it('keeps arrays of one call apart when a slab has to grow', () => {
    const arena = new ScratchArena();
    const small = arena.float64(8).fill(3);
    const big = arena.float64(1 << 16);
    expect(big.length).toBe(1 << 16);
    expect([...small]).toEqual(new Array(8).fill(3));
  });
});
