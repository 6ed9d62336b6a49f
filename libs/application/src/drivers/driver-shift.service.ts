import { Clock, NotFoundError, Principal } from '@app/domain';
import { DriverEntity, DriverShiftsRepository, VehicleEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A driver's shift as the driver app shows it. Times are ISO 8601 instants. */
export interface DriverShiftView {
  shiftId: string;
  driver: { id: string; name: string };
  vehicle: { id: string; callSign: string; seats: number; wheelchairPlaces: number };
  startsAt: string;
  endsAt: string;
}

/**
 * The calling driver's shift: the one their token was signed in for (the guard has checked it
 * still holds; it may begin shortly), else (development tokens) the one running now, by the
 * same rule the realtime gateway applies (DriverShiftsRepository).
 */
@Injectable()
export class DriverShiftService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly shifts: DriverShiftsRepository,
  ) {}

  /** @throws NotFoundError `shift` when the driver has no shift running now. */
  async current(principal: Principal): Promise<DriverShiftView> {
    const s = principal.shiftId
      ? await this.shifts.byId(principal.shiftId)
      : await this.shifts.currentOf(principal.sub, this.clock.now());
    if (
      !s ||
      s.driverId !== principal.sub ||
      (principal.countyId && s.countyId !== principal.countyId)
    )
      throw new NotFoundError('shift', `running now for driver ${principal.sub}`);
    const [driver, vehicle] = await Promise.all([
      this.ds.getRepository(DriverEntity).findOneByOrFail({ id: s.driverId }),
      this.ds.getRepository(VehicleEntity).findOneByOrFail({ id: s.vehicleId }),
    ]);
    return {
      shiftId: s.shiftId,
      driver: { id: driver.id, name: driver.name },
      vehicle: {
        id: vehicle.id,
        callSign: vehicle.callSign,
        seats: vehicle.seats,
        wheelchairPlaces: vehicle.wheelchairPlaces,
      },
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    };
  }
}
