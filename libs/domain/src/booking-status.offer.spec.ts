import { assertTransition, canTransition, isFinal, isLive } from './booking-status';
import { IllegalStatusTransitionError } from './errors';

describe('booking status: offers the rider accepts', () => {
  it.each([
    ['requested', 'offered'],
    ['offered', 'confirmed'],
    ['offered', 'expired'],
    ['offered', 'cancelled'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['expired', 'confirmed'],
    ['offered', 'picked_up'],
    ['confirmed', 'offered'],
    ['offered', 'rejected'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(IllegalStatusTransitionError);
  });

  it('treats an offer as not yet live and an expired offer as over', () => {
    expect(isLive('offered')).toBe(false);
    expect(isFinal('offered')).toBe(false);
    expect(isFinal('expired')).toBe(true);
  });
});
