import {
  Clock,
  expandRoster,
  FieldProblem,
  isUuid,
  NotFoundError,
  planningDateProblem,
  rosterAskOf,
  RosterEntry,
  rosterExceptionProblems,
  rosterHoursProblem,
  RuleViolationError,
  toLocalTime,
  Weekday,
  WEEKDAYS,
} from '@app/domain';
import {
  DriverEntity,
  ServiceAreaEntity,
  ShiftEntity,
  ShiftRosterEntryEntity,
  ShiftRosterExceptionEntity,
  VehicleEntity,
} from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, MoreThanOrEqual } from 'typeorm';
import { FleetChangeService } from '../fleet-changes/fleet-change.service';

export interface RosterEntryInput {
  vehicleId: string;
  driverId: string;
  weekday: Weekday;
  start: string;
  end: string;
  validFrom: string;
  validTo?: string | null;
}

export interface RosterExceptionInput {
  date: string;
  kind: 'cancel' | 'change';
  start?: string;
  end?: string;
  driverId?: string;
}

export interface RollForwardResult {
  countyId: string;
  fromDate: string;
  days: number;
  created: number;
  changed: number;
  cancelled: number;
  /** Roster days that clash with a shift planned by hand (vehicle or driver busy then). */
  clashes: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The weekly roster the office keeps in the console, and its roll-forward into shifts: every
 * night (a job the dispatch worker schedules) and after each edit, the next days' shifts are made
 * from the roster with its single-day exceptions. Idempotent: a shift remembers its roster entry
 * and service date. Changing or calling off a day whose shift exists goes through the fleet
 * changes, so its bookings are re-planned or marked at risk, never dropped.
 */
@Injectable()
export class ShiftRosterService {
  private readonly log = new Logger(ShiftRosterService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly changes: FleetChangeService,
  ) {}

  listEntries(countyId: string): Promise<ShiftRosterEntryEntity[]> {
    return this.ds.getRepository(ShiftRosterEntryEntity).find({
      where: { countyId },
      order: { weekday: 'ASC', start: 'ASC', vehicleId: 'ASC' },
    });
  }

  async listExceptions(countyId: string): Promise<ShiftRosterExceptionEntity[]> {
    const today = await this.today(countyId);
    return this.ds.getRepository(ShiftRosterExceptionEntity).find({
      where: { entry: { countyId }, serviceDate: MoreThanOrEqual(today) },
      order: { serviceDate: 'ASC' },
    });
  }

  async createEntry(countyId: string, input: RosterEntryInput) {
    await this.check(countyId, input, input);
    const repo = this.ds.getRepository(ShiftRosterEntryEntity);
    const entry = await repo.save(
      repo.create({ ...input, countyId, validTo: input.validTo ?? null }),
    );
    return { entry, rollForward: await this.rollForward(countyId) };
  }

  async updateEntry(countyId: string, id: string, patch: Partial<RosterEntryInput>) {
    const entry = await this.findEntry(countyId, id);
    const next = { ...entry, ...patch };
    // Only the dates it sets: a line begun more than a year ago may still be ended.
    await this.check(countyId, next, patch);
    await this.ds.getRepository(ShiftRosterEntryEntity).save(next);
    return { entry: next, rollForward: await this.rollForward(countyId) };
  }

  /** One day differs: `cancel` calls it off, `change` gives other hours or another driver. */
  async setException(countyId: string, entryId: string, input: RosterExceptionInput) {
    const entry = await this.findEntry(countyId, entryId);
    const problems: FieldProblem[] = [];
    if (!DATE.test(input.date))
      problems.push({ field: 'date', code: 'invalid', reason: 'must be YYYY-MM-DD' });
    problems.push(...rosterExceptionProblems(entry, input, await this.today(countyId)));
    if (input.kind === 'change' && input.driverId)
      await this.checkDriver(countyId, input.driverId, problems);
    if (problems.length) throw new RuleViolationError(problems);
    const repo = this.ds.getRepository(ShiftRosterExceptionEntity);
    await repo.upsert(
      {
        entryId,
        serviceDate: input.date,
        kind: input.kind,
        start: input.kind === 'change' ? (input.start ?? null) : null,
        end: input.kind === 'change' ? (input.end ?? null) : null,
        driverId: input.kind === 'change' ? (input.driverId ?? null) : null,
      },
      ['entryId', 'serviceDate'],
    );
    return this.rollForward(countyId);
  }

  /**
   * Makes the shifts of the next `days` days (default: the booking horizon and one more) from
   * the roster; changes or calls off the ones whose day was changed, through the fleet changes.
   */
  async rollForward(countyId: string, days?: number): Promise<RollForwardResult> {
    const area = await this.ds.getRepository(ServiceAreaEntity).findOne({
      where: { countyId, status: 'active' },
      order: { createdAt: 'ASC' },
    });
    const tz = area?.timeZone ?? 'Europe/Berlin';
    const now = this.clock.now();
    const fromDate = toLocalTime(now, tz).date;
    const span = days ?? (area?.bookingHorizonDays ?? 14) + 1;
    const result: RollForwardResult = {
      countyId,
      fromDate,
      days: span,
      created: 0,
      changed: 0,
      cancelled: 0,
      clashes: 0,
    };
    const entries = await this.ds.getRepository(ShiftRosterEntryEntity).findBy({ countyId });
    if (!entries.length) return result;
    const ids = entries.map((e) => e.id);
    const exceptions = await this.ds.getRepository(ShiftRosterExceptionEntity).findBy({
      entryId: In(ids),
      serviceDate: MoreThanOrEqual(fromDate),
    });
    const plan = expandRoster(
      entries.map(toRosterEntry),
      exceptions.map((x) => ({ ...x, date: x.serviceDate })),
      fromDate,
      span,
      tz,
    );
    const existing = new Map(
      (
        await this.ds.getRepository(ShiftEntity).findBy({
          rosterEntryId: In(ids),
          serviceDate: MoreThanOrEqual(fromDate),
        })
      ).map((s) => [`${s.rosterEntryId}/${s.serviceDate}`, s]),
    );
    for (const s of plan.shifts) {
      const have = existing.get(`${s.entryId}/${s.date}`);
      if (!have) {
        const rows: unknown[] = await this.ds.query(
          `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at, roster_entry_id, service_date, roster_ask)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
          [s.vehicleId, s.driverId, s.startsAt, s.endsAt, s.entryId, s.date, rosterAskOf(s)],
        );
        if (rows.length) result.created++;
        else result.clashes++;
        continue;
      }
      // Called off by hand, running or over, or the roster asks what it asked before (a
      // change the office made by hand stays): the roster leaves it alone.
      const ask = rosterAskOf(s);
      if (have.cancelledAt || have.startsAt <= now || have.rosterAsk === ask) continue;
      try {
        if (
          have.startsAt.getTime() !== s.startsAt.getTime() ||
          have.endsAt.getTime() !== s.endsAt.getTime()
        ) {
          await this.changes.changeShift(
            countyId,
            have.id,
            { startsAt: s.startsAt, endsAt: s.endsAt },
            'roster',
          );
        }
        await this.ds
          .getRepository(ShiftEntity)
          .update({ id: have.id }, { driverId: s.driverId, rosterAsk: ask });
        result.changed++;
      } catch (e) {
        this.log.warn(
          `roster day ${s.date} of entry ${s.entryId} not applied: ${(e as Error).message}`,
        );
        result.clashes++;
      }
    }
    for (const c of plan.cancelled) {
      const have = existing.get(`${c.entryId}/${c.date}`);
      if (!have || have.cancelledAt || have.endsAt <= now) continue;
      await this.changes.removeShift(countyId, have.id, 'roster');
      result.cancelled++;
    }
    return result;
  }

  private async today(countyId: string): Promise<string> {
    const area = await this.ds.getRepository(ServiceAreaEntity).findOneBy({ countyId });
    return toLocalTime(this.clock.now(), area?.timeZone ?? 'Europe/Berlin').date;
  }

  private async findEntry(countyId: string, id: string): Promise<ShiftRosterEntryEntity> {
    const e = isUuid(id)
      ? await this.ds.getRepository(ShiftRosterEntryEntity).findOneBy({ id, countyId })
      : null;
    if (!e) throw new NotFoundError('roster entry', id);
    return e;
  }

  /** Checks the line `input`; the planning window only for the dates `dated` sets. */
  private async check(
    countyId: string,
    input: RosterEntryInput,
    dated: Pick<Partial<RosterEntryInput>, 'validFrom' | 'validTo'>,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    if (!WEEKDAYS.includes(input.weekday))
      problems.push({ field: 'weekday', code: 'invalid', reason: `one of ${WEEKDAYS.join(', ')}` });
    const why = rosterHoursProblem(input.start, input.end);
    if (why) problems.push({ field: 'end', code: 'invalid', reason: why });
    if (!DATE.test(input.validFrom))
      problems.push({ field: 'validFrom', code: 'invalid', reason: 'must be YYYY-MM-DD' });
    if (input.validTo && (!DATE.test(input.validTo) || input.validTo < input.validFrom))
      problems.push({
        field: 'validTo',
        code: 'invalid',
        reason: 'must be YYYY-MM-DD, not before validFrom',
      });
    const today = await this.today(countyId);
    for (const field of ['validFrom', 'validTo'] as const) {
      const date = dated[field];
      const outside = date ? planningDateProblem(date, today) : null;
      if (outside) problems.push({ field, code: 'outside_planning_window', reason: outside });
    }
    const vehicle = isUuid(input.vehicleId)
      ? await this.ds.getRepository(VehicleEntity).findOneBy({ id: input.vehicleId, countyId })
      : null;
    if (!vehicle)
      problems.push({ field: 'vehicleId', code: 'unknown_vehicle', reason: 'no such vehicle' });
    await this.checkDriver(countyId, input.driverId, problems);
    if (problems.length) throw new RuleViolationError(problems);
  }

  private async checkDriver(
    countyId: string,
    driverId: string,
    problems: FieldProblem[],
  ): Promise<void> {
    const driver = isUuid(driverId)
      ? await this.ds.getRepository(DriverEntity).findOneBy({ id: driverId, countyId })
      : null;
    if (!driver)
      problems.push({ field: 'driverId', code: 'unknown_driver', reason: 'no such driver' });
  }
}

function toRosterEntry(e: ShiftRosterEntryEntity): RosterEntry {
  return {
    id: e.id,
    vehicleId: e.vehicleId,
    driverId: e.driverId,
    weekday: e.weekday,
    start: e.start,
    end: e.end,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}
