import { assertTransition, canTransition, isFinal, isLive } from './booking-status';
import { IllegalStatusTransitionError } from './errors';

describe('booking status: at risk after a fleet change', () => {
  it.each([
    ['confirmed', 'at_risk'],
    ['offered', 'at_risk'],
    ['at_risk', 'confirmed'],
    ['at_risk', 'cancelled'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['picked_up', 'at_risk'],
    ['requested', 'at_risk'],
    ['at_risk', 'picked_up'],
    ['at_risk', 'no_show'],
    ['cancelled', 'at_risk'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(IllegalStatusTransitionError);
  });

  it('is neither live (no vehicle carries it) nor over (the office still decides)', () => {
    expect(isLive('at_risk')).toBe(false);
    expect(isFinal('at_risk')).toBe(false);
  });
});
