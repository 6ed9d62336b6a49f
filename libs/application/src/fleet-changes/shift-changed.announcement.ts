import type { EventPublisher } from '@app/messaging';
import type { ShiftEntity } from '@app/persistence';

/**
 * Tells the realtime gateways that these shifts changed or were added (`events.shift-changed`),
 * after the change committed: a driver whose shift was deleted or ended must not send positions
 * for it a moment longer, and one given a shift may send at once (the gateway caches a driver's
 * shift for 30 s). A failed announcement is handed to `warn`; the change stays stored.
 */
export async function announceShiftChanges(
  events: EventPublisher,
  countyId: string,
  shifts: Array<Pick<ShiftEntity, 'id' | 'driverId' | 'vehicleId'>>,
  now: Date,
  warn: (e: Error) => void,
): Promise<void> {
  for (const s of shifts) {
    await events
      .publish('events.shift-changed', {
        shiftId: s.id,
        driverId: s.driverId,
        vehicleId: s.vehicleId,
        countyId,
        at: now.toISOString(),
      })
      .catch(warn);
  }
}
