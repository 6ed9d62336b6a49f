import {
  FieldProblem,
  isUuid,
  isValidTimeZone,
  NotFoundError,
  OperatingHours,
  RuleViolationError,
  validateAreaGeometry,
  validateOperatingHours,
} from '@app/domain';
import { ServiceAreaEntity, ServiceAreaStatus } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { MultiPolygon, Polygon } from 'geojson';
import { DataSource } from 'typeorm';
import { parsePhone } from '../phone/phone-number';

export interface ServiceAreaInput {
  name: string;
  status?: ServiceAreaStatus;
  geometry: Polygon | MultiPolygon;
  timeZone?: string;
  operatingHours: OperatingHours;
  bookingHorizonDays?: number;
  minNoticeMin?: number;
  pickupWindowMin?: number;
  maxRideFactor?: number;
  maxRideExtraMin?: number;
  transferBufferMin?: number;
  maxPassengersPerBooking?: number;
  maxWheelchairPlacesPerBooking?: number;
  maxOverlappingBookingsPerRider?: number;
  maxOpenBookingsPerRider?: number;
  /** The office's number for booking by phone; any German or international notation. */
  bookingPhone?: string | null;
}

export type ServiceAreaView = Omit<ServiceAreaEntity, 'county' | 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
};

function view(a: ServiceAreaEntity): ServiceAreaView {
  const { county: _county, ...rest } = a;
  return { ...rest, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}

/** Stored in E.164; a landline is fine here (it is called, not texted). */
function bookingPhone(input: string | null | undefined): string | null {
  return input ? parsePhone(input, 'bookingPhone').e164 : null;
}

/** The transport office describes where, when and how the service runs. */
@Injectable()
export class ServiceAreasService {
  constructor(private readonly ds: DataSource) {}

  async list(countyId: string): Promise<ServiceAreaView[]> {
    const rows = await this.ds
      .getRepository(ServiceAreaEntity)
      .find({ where: { countyId }, order: { name: 'ASC' } });
    return rows.map(view);
  }

  async get(countyId: string, id: string): Promise<ServiceAreaView> {
    return view(await this.load(countyId, id));
  }

  async create(countyId: string, input: ServiceAreaInput): Promise<ServiceAreaView> {
    this.check(input);
    const repo = this.ds.getRepository(ServiceAreaEntity);
    return view(
      await repo.save(
        repo.create({
          ...input,
          bookingPhone: bookingPhone(input.bookingPhone),
          countyId,
          status: input.status ?? 'draft',
        }),
      ),
    );
  }

  async update(
    countyId: string,
    id: string,
    patch: Partial<ServiceAreaInput>,
  ): Promise<ServiceAreaView> {
    this.check(patch);
    const a = await this.load(countyId, id);
    Object.assign(a, patch);
    if (patch.bookingPhone !== undefined) a.bookingPhone = bookingPhone(patch.bookingPhone);
    return view(await this.ds.getRepository(ServiceAreaEntity).save(a));
  }

  private async load(countyId: string, id: string): Promise<ServiceAreaEntity> {
    const a = isUuid(id)
      ? await this.ds.getRepository(ServiceAreaEntity).findOneBy({ id, countyId })
      : null;
    if (!a) throw new NotFoundError('service area', id);
    return a;
  }

  private check(input: Partial<ServiceAreaInput>): void {
    const problems: FieldProblem[] = [];
    if (input.geometry !== undefined) {
      for (const reason of validateAreaGeometry(input.geometry))
        problems.push({ field: 'geometry', reason, code: 'invalid' });
    }
    if (input.operatingHours !== undefined)
      problems.push(...validateOperatingHours(input.operatingHours));
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      problems.push({ field: 'timeZone', reason: 'is not an IANA time zone', code: 'invalid' });
    }
    if (problems.length) throw new RuleViolationError(problems);
  }
}
