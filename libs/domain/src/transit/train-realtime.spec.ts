import {
  StationCall,
  trainAtStation,
  TrainAtStation,
  trainRideAction,
  trainSlackS,
  TripUpdateReport,
} from './train-realtime';

/** Kusel, the third call of a trip, scheduled 09:42 (arrival) and 09:43 (departure). */
const call: StationCall = {
  stopSequence: 3,
  gtfsStopIds: ['8003481', '8003481:1'],
  scheduledArrivalS: 1_000_000,
  scheduledDepartureS: 1_000_060,
};
const report = (r: Partial<TripUpdateReport>): TripUpdateReport => ({
  tripId: 't',
  serviceDate: '2026-12-01',
  cancelled: false,
  stops: [],
  ...r,
});
const running = (arrivalDelayS: number, departureDelayS = arrivalDelayS): TrainAtStation => ({
  kind: 'running',
  arrivalDelayS,
  departureDelayS,
});

describe('the train at our station, from a TripUpdate', () => {
  it.each<[string, Partial<TripUpdateReport>, TrainAtStation]>([
    ['a cancelled trip', { cancelled: true }, { kind: 'cancelled' }],
    [
      'its own update by stop_sequence',
      { stops: [{ stopSequence: 3, relationship: 'scheduled', arrival: { delayS: 720 } }] },
      running(720),
    ],
    [
      'its own update by a linked stop id (no sequence)',
      { stops: [{ stopId: '8003481:1', relationship: 'scheduled', departure: { delayS: 300 } }] },
      running(300),
    ],
    [
      'a predicted time instead of a delay',
      {
        stops: [
          {
            stopSequence: 3,
            relationship: 'scheduled',
            arrival: { timeS: 1_000_000 + 600 },
            departure: { timeS: 1_000_060 + 660 },
          },
        ],
      },
      running(600, 660),
    ],
    [
      'a predicted time in epoch milliseconds (years late): no time given',
      {
        stops: [{ stopSequence: 3, relationship: 'scheduled', arrival: { timeS: 1_000_000_000 } }],
      },
      { kind: 'calls' },
    ],
    [
      'a delay of more than a day, own, earlier or trip-wide: no time given',
      {
        delayS: 2 * 86_400,
        stops: [
          { stopSequence: 1, relationship: 'scheduled', departure: { delayS: 2 ** 31 - 1 } },
          { stopSequence: 3, relationship: 'scheduled', arrival: { delayS: -90_000 } },
        ],
      },
      { kind: 'calls' },
    ],
    [
      'an unbelievable earlier delay passes over to a believable one before it',
      {
        stops: [
          { stopSequence: 1, relationship: 'scheduled', departure: { delayS: 600 } },
          { stopSequence: 2, relationship: 'scheduled', departure: { delayS: 5 * 86_400 } },
        ],
      },
      running(600),
    ],
    [
      'SKIPPED at the station',
      { stops: [{ stopSequence: 3, relationship: 'skipped' }] },
      { kind: 'skipped' },
    ],
    [
      'NO_DATA at the station: the trip runs, no time',
      { stops: [{ stopSequence: 3, relationship: 'no_data' }] },
      { kind: 'calls' },
    ],
    ['a trip back to SCHEDULED without times runs', {}, { kind: 'calls' }],
    [
      'the delay of an earlier stop propagates',
      {
        stops: [
          { stopSequence: 1, relationship: 'scheduled', departure: { delayS: 60 } },
          { stopSequence: 2, relationship: 'scheduled', departure: { delayS: 480 } },
          { stopSequence: 4, relationship: 'scheduled', arrival: { delayS: 900 } },
        ],
      },
      running(480),
    ],
    [
      'a skipped earlier stop passes the delay before it on',
      {
        stops: [
          { stopSequence: 1, relationship: 'scheduled', departure: { delayS: 240 } },
          { stopSequence: 2, relationship: 'skipped' },
        ],
      },
      running(240),
    ],
    [
      'only later stops: the trip-wide delay, if any',
      {
        delayS: 120,
        stops: [{ stopSequence: 5, relationship: 'scheduled', arrival: { delayS: 900 } }],
      },
      running(120),
    ],
    [
      'an update for another stop only says no more than that the trip runs',
      { stops: [{ stopId: 'elsewhere', relationship: 'scheduled', arrival: { delayS: 900 } }] },
      { kind: 'calls' },
    ],
  ])('%s', (_, r, expected) => expect(trainAtStation(report(r), call)).toEqual(expected));
});

/** A time of 1 December 2026 (UTC), `HH:MM`. */
const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);

describe('what a ride tied to the train does', () => {
  const arrive = {
    role: 'arrive' as const,
    appliedDelayS: 0,
    slackS: 0,
    cancellationHandled: false,
  };
  const catchIt = { ...arrive, role: 'catch' as const };

  it('after a late train: the pickup moves by the delay, rounded to the minute', () =>
    expect(trainRideAction(arrive, running(12 * 60 + 20))).toEqual({
      kind: 'move',
      delayS: 720,
      byS: 720,
    }));

  it('the same delay again moves nothing (polled every minute)', () =>
    expect(trainRideAction({ ...arrive, appliedDelayS: 720 }, running(750))).toEqual({
      kind: 'none',
    }));

  it('a delay that grows by 3 minutes or more moves it by the difference', () =>
    expect(trainRideAction({ ...arrive, appliedDelayS: 720 }, running(900))).toEqual({
      kind: 'move',
      delayS: 900,
      byS: 180,
    }));

  it('a train back on time moves it back; an early train not before the timetable', () => {
    expect(trainRideAction({ ...arrive, appliedDelayS: 720 }, running(-120))).toEqual({
      kind: 'move',
      delayS: 0,
      byS: -720,
    });
    expect(trainRideAction(arrive, running(-300))).toEqual({ kind: 'none' });
  });

  describe('after a train, booked for a later time than its arrival (08:00 train, 08:30 ride)', () => {
    const later = { ...arrive, slackS: trainSlackS('arrive', at('08:30'), at('08:00')) };

    it('a delay the booked time covers (15 min) moves nothing', () =>
      expect(trainRideAction(later, running(15 * 60))).toEqual({ kind: 'none' }));

    it('a delay past it (40 min) moves the ride by what reaches past it: to 08:40', () =>
      expect(trainRideAction(later, running(40 * 60))).toEqual({
        kind: 'move',
        delayS: 40 * 60,
        byS: 10 * 60,
      }));

    it('once applied: the same delay moves nothing more, a larger one the rest, a smaller one back', () => {
      const applied = { ...later, appliedDelayS: 40 * 60 };
      expect(trainRideAction(applied, running(40 * 60 + 20))).toEqual({ kind: 'none' });
      expect(trainRideAction(applied, running(55 * 60))).toEqual({
        kind: 'move',
        delayS: 55 * 60,
        byS: 15 * 60,
      });
      // Back to 20 minutes late: the ride goes back to its booked 08:30, not before.
      expect(trainRideAction(applied, running(20 * 60))).toEqual({
        kind: 'move',
        delayS: 20 * 60,
        byS: -10 * 60,
      });
    });

    it('a delay just past the booked time (2 min beyond) moves nothing yet', () =>
      expect(trainRideAction(later, running(32 * 60))).toEqual({ kind: 'none' }));

    it('a withdrawn cancellation moves it only by what the delay reaches past it', () =>
      expect(trainRideAction({ ...later, cancellationHandled: true }, running(40 * 60))).toEqual({
        kind: 'train_restored',
        delayS: 40 * 60,
        byS: 10 * 60,
      }));
  });

  it('the slack: a ride after a train booked later than the arrival; none to a train or before', () => {
    expect(trainSlackS('arrive', at('08:30'), at('08:00'))).toBe(30 * 60);
    expect(trainSlackS('arrive', at('08:00'), at('08:00'))).toBe(0);
    expect(trainSlackS('arrive', at('07:50'), at('08:00'))).toBe(0);
    expect(trainSlackS('catch', at('07:30'), at('08:00'))).toBe(0);
  });

  it('to a train: a late departure moves nothing', () =>
    expect(trainRideAction(catchIt, running(900))).toEqual({ kind: 'none' }));

  it.each(['cancelled', 'skipped'] as const)('a %s train is told once', (kind) => {
    expect(trainRideAction(catchIt, { kind })).toEqual({ kind: 'train_cancelled' });
    expect(trainRideAction(arrive, { kind })).toEqual({ kind: 'train_cancelled' });
    expect(trainRideAction({ ...arrive, cancellationHandled: true }, { kind })).toEqual({
      kind: 'none',
    });
  });

  it('no news is no change', () => {
    expect(trainRideAction(arrive, null)).toEqual({ kind: 'none' });
    expect(trainRideAction(arrive, { kind: 'calls' })).toEqual({ kind: 'none' });
  });

  it('a cancellation withdrawn (the trip runs again) is told once, with the delay it has now', () => {
    const handled = { ...arrive, cancellationHandled: true };
    expect(trainRideAction(handled, { kind: 'calls' })).toEqual({
      kind: 'train_restored',
      delayS: 0,
      byS: 0,
    });
    expect(trainRideAction(handled, running(600))).toEqual({
      kind: 'train_restored',
      delayS: 600,
      byS: 600,
    });
    expect(trainRideAction({ ...catchIt, cancellationHandled: true }, running(900))).toEqual({
      kind: 'train_restored',
      delayS: 0,
      byS: 0,
    });
  });
});
