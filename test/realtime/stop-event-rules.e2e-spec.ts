import { WsEvent } from '@app/contracts';
import { BookingApiHarness } from '../support/booking-api-harness';
import { useGatewaySuite, vehicleOnShift } from './realtime-harness';

/**
 * What a driver may report at a stop, and when: a report the driver cannot mean (a stop id that
 * is no id, leaving riders waiting at a stop, a no-show before the rider was due) is refused
 * with a code the driver app can explain, and changes nothing.
 */
describe('realtime gateway: stop events in order', () => {
  const suite = useGatewaySuite();
  const { open } = suite;
  let h: BookingApiHarness;
  beforeAll(() => ({ h } = suite));

  it('refuses a stop id that is no id, naming stopId (not an internal error)', async () => {
    const v = await vehicleOnShift(h);
    const driver = await open(v.token);
    for (const type of ['arrived', 'departed']) {
      const ack = await driver.request(WsEvent.stopEvent, { type, stopId: 'not-a-uuid' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', field: 'stopId' } });
    }
  });
});
