import { arriveByTrain, latestArrivalForTrain } from './service-area.rules';

describe('service-area rules', () => {
  it('makes a hub trip arrive a transfer buffer before the train leaves', () => {
    expect(latestArrivalForTrain(8 * 3600, 300)).toBe(8 * 3600 - 300);
    const req = {
      id: 'r',
      pickupLocation: 1,
      dropoffLocation: 0,
      load: { seats: 1, wheelchairs: 0 },
      pickupServiceS: 30,
      dropoffServiceS: 30,
      maxRideS: 1800,
    };
    expect(
      arriveByTrain(req, { departureS: 30000, transferBufferS: 240 }).dropoffWindow?.latestS,
    ).toBe(29760);
    const tighter = { ...req, dropoffWindow: { earliestS: 0, latestS: 29000 } };
    expect(
      arriveByTrain(tighter, { departureS: 30000, transferBufferS: 240 }).dropoffWindow?.latestS,
    ).toBe(29000);
  });
});
