import { BookingStatus, ForbiddenError, isOffice, NotFoundError, Principal } from '@app/domain';
import { BookingEntity, RiderEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { BookingView, toBookingView } from './booking.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ListBookingsQuery {
  riderId?: string;
  status?: BookingStatus[];
  limit: number;
  offset: number;
}

/** Reads bookings with the visibility rules: a rider sees only their own. */
@Injectable()
export class BookingQueriesService {
  constructor(private readonly ds: DataSource) {}

  /**
   * @throws NotFoundError also when the booking exists but is not the caller's, so that
   * nobody can learn which booking ids exist.
   */
  async get(principal: Principal, bookingId: string): Promise<BookingView> {
    const b = await this.findVisible(principal, bookingId);
    if (!b) throw new NotFoundError('booking', bookingId);
    return toBookingView(b, b.fromStop!, b.toStop!);
  }

  async findVisible(principal: Principal, bookingId: string): Promise<BookingEntity | null> {
    if (!UUID.test(bookingId)) return null;
    const b = await this.ds.getRepository(BookingEntity).findOne({
      where: { id: bookingId },
      relations: { fromStop: true, toStop: true, rider: true },
    });
    if (!b || !this.canSee(principal, b.rider!, b)) return null;
    return b;
  }

  async list(
    principal: Principal,
    q: ListBookingsQuery,
  ): Promise<{ items: BookingView[]; total: number }> {
    const where: FindOptionsWhere<BookingEntity> = {};
    if (principal.role === 'rider') where.riderId = principal.sub;
    else if (q.riderId) where.riderId = q.riderId;
    // An operator sees one county; an admin every county, or the one it acts for.
    if (principal.role === 'operator' && !principal.countyId)
      throw new ForbiddenError('this needs an operator token scoped to a county');
    if (isOffice(principal) && principal.countyId) where.rider = { countyId: principal.countyId };
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

  private canSee(p: Principal, rider: RiderEntity, b: BookingEntity): boolean {
    if (p.role === 'rider') return b.riderId === p.sub;
    if (p.role === 'operator') return !!p.countyId && rider.countyId === p.countyId;
    if (p.role === 'admin') return !p.countyId || rider.countyId === p.countyId;
    // Drivers read trip lists through the realtime gateway, not bookings.
    return false;
  }
}
