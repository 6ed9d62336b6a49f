import { Clock, NotFoundError, Principal } from '@app/domain';
import { ShiftEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';

/** A driver's shift as the driver app shows it. Times are ISO 8601 instants. */
export interface DriverShiftView {
  shiftId: string;
  driver: { id: string; name: string };
  vehicle: { id: string; callSign: string; seats: number; wheelchairPlaces: number };
  startsAt: string;
  endsAt: string;
}

/** The shift running now for the calling driver (the same rule the realtime gateway applies). */
@Injectable()
export class DriverShiftService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** @throws NotFoundError `shift` when the driver has no shift running now. */
  async current(principal: Principal): Promise<DriverShiftView> {
    const now = this.clock.now();
    const s = await this.ds.getRepository(ShiftEntity).findOne({
      where: {
        driverId: principal.sub,
        startsAt: LessThanOrEqual(now),
        endsAt: MoreThan(now),
        cancelledAt: IsNull(),
      },
      relations: { vehicle: true, driver: true },
    });
    if (!s || (principal.countyId && s.vehicle!.countyId !== principal.countyId))
      throw new NotFoundError('shift', `running now for driver ${principal.sub}`);
    return {
      shiftId: s.id,
      driver: { id: s.driver!.id, name: s.driver!.name },
      vehicle: {
        id: s.vehicle!.id,
        callSign: s.vehicle!.callSign,
        seats: s.vehicle!.seats,
        wheelchairPlaces: s.vehicle!.wheelchairPlaces,
      },
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    };
  }
}
