import { assertTransition, canTransition, isFinal, isLive } from './booking-status';
import { IllegalStatusTransitionError } from './errors';

describe('booking status', () => {
  it.each([
    ['requested', 'confirmed'],
    ['requested', 'rejected'],
    ['requested', 'cancelled'],
    ['confirmed', 'picked_up'],
    ['confirmed', 'cancelled'],
    ['confirmed', 'no_show'],
    ['picked_up', 'dropped_off'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['rejected', 'confirmed'],
    ['cancelled', 'confirmed'],
    ['picked_up', 'cancelled'],
    ['dropped_off', 'picked_up'],
    ['requested', 'picked_up'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(() => assertTransition(from, to)).toThrow(IllegalStatusTransitionError);
  });

  it('knows which bookings are live and which are over', () => {
    expect(isLive('confirmed')).toBe(true);
    expect(isLive('picked_up')).toBe(true);
    expect(isLive('requested')).toBe(false);
    expect(isFinal('cancelled')).toBe(true);
    expect(isFinal('confirmed')).toBe(false);
  });
});
