import {
  Clock,
  ConflictError,
  echo,
  isUuid,
  NotFoundError,
  RuleViolationError,
  shiftSpanProblems,
} from '@app/domain';
import { DriverEntity, ShiftEntity, StopEntity, VehicleEntity } from '@app/persistence';
import { EventPublisher } from '@app/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, LessThan, MoreThan, QueryFailedError } from 'typeorm';
import { announceShiftChanges } from '../fleet-changes/shift-changed.announcement';
import { parseMobilePhone, sqlPhoneDigits } from '../phone/phone-number';

export interface VehicleInput {
  callSign: string;
  licensePlate?: string | null;
  seats: number;
  wheelchairPlaces: number;
  homeDepotStopId: string;
  active?: boolean;
}

export interface DriverInput {
  name: string;
  phone?: string | null;
  active?: boolean;
}

export interface ShiftInput {
  vehicleId: string;
  driverId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface ShiftView {
  id: string;
  vehicleId: string;
  driverId: string;
  startsAt: string;
  endsAt: string;
}

const shiftView = (s: ShiftEntity): ShiftView => ({
  id: s.id,
  vehicleId: s.vehicleId,
  driverId: s.driverId,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
});

/** Vehicles, drivers and shifts of a county, as the transport office keeps them. */
@Injectable()
export class FleetService {
  private readonly log = new Logger(FleetService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  listVehicles(countyId: string): Promise<VehicleEntity[]> {
    return this.ds
      .getRepository(VehicleEntity)
      .find({ where: { countyId }, order: { callSign: 'ASC' } });
  }

  getVehicle(countyId: string, id: string): Promise<VehicleEntity> {
    return findVehicle(this.ds.manager, countyId, id);
  }

  async createVehicle(countyId: string, input: VehicleInput): Promise<VehicleEntity> {
    await checkDepot(this.ds.manager, countyId, input.homeDepotStopId);
    await checkCallSignFree(this.ds.manager, countyId, input.callSign);
    const repo = this.ds.getRepository(VehicleEntity);
    return savingVehicle(input.callSign, () => repo.save(repo.create({ ...input, countyId })));
  }

  listDrivers(countyId: string): Promise<DriverEntity[]> {
    return this.ds
      .getRepository(DriverEntity)
      .find({ where: { countyId }, order: { name: 'ASC' } });
  }

  /**
   * @throws ConflictError `phone_taken` when an active driver of the county has the number: a
   * driver signs in by it, and two with one number would lock one of them out (or hand one the
   * other's trip list); also when a concurrent write took the number since the check (the
   * database holds one active driver per number and county, {@link savingDriver})
   */
  async createDriver(countyId: string, input: DriverInput): Promise<DriverEntity> {
    const repo = this.ds.getRepository(DriverEntity);
    // Drivers sign in by SMS code: their number must be a mobile, stored in E.164.
    const parsed = input.phone ? parseMobilePhone(input.phone) : null;
    const active = input.active !== false;
    if (
      parsed &&
      active &&
      (await activeDriverWithPhone(this.ds.manager, countyId, parsed.digits))
    ) {
      throw phoneTaken(parsed.e164);
    }
    return savingDriver(parsed?.e164, () =>
      repo.save(repo.create({ ...input, phone: parsed?.e164 ?? input.phone, countyId })),
    );
  }

  async listShifts(
    countyId: string,
    from: Date,
    to: Date,
    vehicleId?: string,
  ): Promise<ShiftView[]> {
    const rows = await this.ds.getRepository(ShiftEntity).find({
      where: {
        startsAt: LessThan(to),
        endsAt: MoreThan(from),
        cancelledAt: IsNull(),
        vehicle: { countyId },
        ...(vehicleId ? { vehicleId } : {}),
      },
      order: { startsAt: 'ASC' },
    });
    return rows.map(shiftView);
  }

  /** @throws ConflictError `shift_overlap` when the vehicle or driver is already on duty then. */
  async createShift(countyId: string, input: ShiftInput): Promise<ShiftView> {
    const problems = shiftSpanProblems(input.startsAt, input.endsAt, this.clock.now());
    const vehicle = isUuid(input.vehicleId)
      ? await this.ds.getRepository(VehicleEntity).findOneBy({ id: input.vehicleId, countyId })
      : null;
    if (!vehicle)
      problems.push({
        field: 'vehicleId',
        code: 'unknown_vehicle',
        reason: `no vehicle with id ${echo(input.vehicleId)}`,
      });
    const driver = isUuid(input.driverId)
      ? await this.ds.getRepository(DriverEntity).findOneBy({ id: input.driverId, countyId })
      : null;
    if (!driver)
      problems.push({
        field: 'driverId',
        code: 'unknown_driver',
        reason: `no driver with id ${echo(input.driverId)}`,
      });
    if (problems.length) throw new RuleViolationError(problems);
    try {
      const repo = this.ds.getRepository(ShiftEntity);
      const shift = await repo.save(repo.create(input));
      // A driver connected now may send positions for it at once, not after the gateway's cache.
      await announceShiftChanges(this.events, countyId, [shift], this.clock.now(), (e) =>
        this.log.warn(`shift ${shift.id} stored but not announced: ${e.message}`),
      );
      return shiftView(shift);
    } catch (e) {
      const constraint = (e as QueryFailedError & { constraint?: string }).constraint ?? '';
      if (constraint.startsWith('EXCL_shifts_')) {
        const who = constraint.includes('vehicle') ? 'vehicle' : 'driver';
        throw new ConflictError(
          `the ${who} already has a shift overlapping this time`,
          'shift_overlap',
        );
      }
      throw e;
    }
  }
}

/** The county's vehicle `id`. @throws NotFoundError */
export async function findVehicle(
  em: EntityManager,
  countyId: string,
  id: string,
): Promise<VehicleEntity> {
  const v = isUuid(id) ? await em.findOneBy(VehicleEntity, { id, countyId }) : null;
  if (!v) throw new NotFoundError('vehicle', id);
  return v;
}

/**
 * Checks a change of vehicle `id` before anything of it is stored: the vehicle exists, its new
 * depot is a stop of the county and its new call sign is no other vehicle's.
 * @returns the vehicle as it is
 */
export async function checkVehiclePatch(
  em: EntityManager,
  countyId: string,
  id: string,
  patch: Partial<VehicleInput>,
): Promise<VehicleEntity> {
  const v = await findVehicle(em, countyId, id);
  if (patch.homeDepotStopId) await checkDepot(em, countyId, patch.homeDepotStopId);
  if (patch.callSign !== undefined && patch.callSign !== v.callSign) {
    await checkCallSignFree(em, countyId, patch.callSign);
  }
  return v;
}

/** @throws ConflictError `call_sign_taken` when a vehicle of the county has the call sign. */
async function checkCallSignFree(em: EntityManager, countyId: string, callSign: string) {
  if (await em.existsBy(VehicleEntity, { countyId, callSign })) throw callSignTaken(callSign);
}

const callSignTaken = (callSign: string) =>
  new ConflictError(`a vehicle with call sign ${echo(callSign)} exists`, 'call_sign_taken');

/**
 * Stores a vehicle write; a call sign another write took since the check (the unique index on
 * county and call sign) is the same 409 as the check's, not a 500.
 */
export async function savingVehicle<T>(callSign: string | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (e) {
    if ((e as { code?: string }).code === '23505' && callSign !== undefined) {
      throw callSignTaken(callSign);
    }
    throw e;
  }
}

const phoneTaken = (e164: string) =>
  new ConflictError(`another driver of the county signs in with ${e164}`, 'phone_taken');

/**
 * Stores a driver write; a number an active driver took since the check (the unique index over
 * county and the number's digits, `UQ_drivers_active_phone`) is the same 409 as the check's, not
 * a 500.
 */
async function savingDriver<T>(e164: string | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (e) {
    const { code, constraint } = e as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'UQ_drivers_active_phone' && e164 !== undefined) {
      throw phoneTaken(e164);
    }
    throw e;
  }
}

async function checkDepot(em: EntityManager, countyId: string, stopId: string): Promise<void> {
  const ok = isUuid(stopId) && (await em.existsBy(StopEntity, { id: stopId, countyId }));
  if (!ok)
    throw new RuleViolationError([
      {
        field: 'homeDepotStopId',
        code: 'unknown_stop',
        reason: `no stop with id ${echo(stopId)}`,
      },
    ]);
}

/** The active driver who signs in with the phone number `digits` (of the county, if given). */
export function activeDriverWithPhone(
  em: EntityManager,
  countyId: string | null,
  digits: string,
): Promise<DriverEntity | null> {
  return em
    .getRepository(DriverEntity)
    .createQueryBuilder('d')
    .where(countyId ? 'd.county_id = :countyId AND d.active' : 'd.active', { countyId })
    .andWhere(`${sqlPhoneDigits('d.phone')} = :digits`, { digits })
    .orderBy('d.created_at', 'ASC')
    .getOne();
}
