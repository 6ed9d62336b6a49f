import {
  BookingStatus,
  ForbiddenError,
  isOffice,
  isUuid,
  NotFoundError,
  Principal,
} from '@app/domain';
import { BookingEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { BookingView, toBookingView } from './booking.view';

/** A booking row as {@link BookingQueriesService.get} reads it. */
type BookingRow = BookingEntity & {
  fromName: string;
  toName: string;
  /** The ride's county: its stops' (and service area's). */
  countyId: string;
};

export interface ListBookingsQuery {
  riderId?: string;
  status?: BookingStatus[];
  limit: number;
  offset: number;
}

/** Reads bookings with the visibility rules: a rider sees only their own. */
@Injectable()
export class BookingQueriesService {
  /** The SQL of {@link get}, built on first use. */
  private sql: string | null = null;

  constructor(private readonly ds: DataSource) {}

  /**
   * @throws NotFoundError also when the booking exists but is not the caller's, so that
   * nobody can learn which booking ids exist.
   */
  async get(principal: Principal, bookingId: string): Promise<BookingView> {
    const row = isUuid(bookingId)
      ? ((await this.ds.query(this.readSql(), [bookingId])) as BookingRow[])[0]
      : undefined;
    if (!row || !this.canSee(principal, row.countyId, row)) {
      throw new NotFoundError('booking', bookingId);
    }
    return toBookingView(
      row,
      { id: row.fromStopId, name: row.fromName },
      {
        id: row.toStopId,
        name: row.toName,
      },
    );
  }

  /**
   * One query for the hottest read: the booking's columns under their property names, both
   * stops' names and the ride's county (its origin's). `findOne` with three relations cost two round trips
   * (TypeORM fetches the id with LIMIT 1 first) and the hydration of four entities, and held
   * GET /v1/bookings/:id to about a third of a bare NestJS + pg read (bench:api). Built once
   * from the entity's metadata, so a new column reaches the view without touching this.
   */
  private readSql(): string {
    if (this.sql) return this.sql;
    const cols = this.ds
      .getMetadata(BookingEntity)
      // Dates as text, as TypeORM hydrates them (pg would make them local-midnight Dates).
      .columns.map((c) =>
        c.type === 'date'
          ? `b."${c.databaseName}"::text AS "${c.propertyName}"`
          : `b."${c.databaseName}" AS "${c.propertyName}"`,
      );
    this.sql =
      `SELECT ${cols.join(', ')}, f.name AS "fromName", t.name AS "toName", ` +
      `f.county_id AS "countyId" FROM bookings b ` +
      `JOIN stops f ON f.id = b.from_stop_id JOIN stops t ON t.id = b.to_stop_id ` +
      `WHERE b.id = $1`;
    return this.sql;
  }

  async findVisible(principal: Principal, bookingId: string): Promise<BookingEntity | null> {
    if (!isUuid(bookingId)) return null;
    const b = await this.ds.getRepository(BookingEntity).findOne({
      where: { id: bookingId },
      relations: { fromStop: true, toStop: true, rider: true },
    });
    if (!b || !this.canSee(principal, b.fromStop!.countyId, b)) return null;
    return b;
  }

  async list(
    principal: Principal,
    q: ListBookingsQuery,
  ): Promise<{ items: BookingView[]; total: number }> {
    const where: FindOptionsWhere<BookingEntity> = {};
    if (principal.role === 'rider') where.riderId = principal.sub;
    else if (q.riderId) where.riderId = q.riderId;
    // An operator sees the rides of one county; an admin every county, or the one it acts for.
    if (principal.role === 'operator' && !principal.countyId)
      throw new ForbiddenError('this needs an operator token scoped to a county');
    if (isOffice(principal) && principal.countyId)
      where.fromStop = { countyId: principal.countyId };
    if (principal.role === 'driver') return { items: [], total: 0 };
    if (q.status?.length) where.status = In(q.status);
    const [rows, total] = await this.ds.getRepository(BookingEntity).findAndCount({
      where,
      relations: { fromStop: true, toStop: true },
      order: { requestedTime: 'DESC', id: 'ASC' },
      take: q.limit,
      skip: q.offset,
    });
    return { items: rows.map((b) => toBookingView(b, b.fromStop!, b.toStop!)), total };
  }

  /** @param countyId the ride's county */
  private canSee(p: Principal, countyId: string, b: Pick<BookingEntity, 'riderId'>): boolean {
    if (p.role === 'rider') return b.riderId === p.sub;
    if (p.role === 'operator') return !!p.countyId && countyId === p.countyId;
    if (p.role === 'admin') return !p.countyId || countyId === p.countyId;
    // Drivers read trip lists through the realtime gateway, not bookings.
    return false;
  }
}
