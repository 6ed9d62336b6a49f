import { PoolingRules, ServiceAreaFacts } from '@app/domain';
import { ServiceAreaEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export function poolingRulesOf(a: ServiceAreaEntity): PoolingRules {
  return {
    pickupWindowMin: a.pickupWindowMin,
    maxRideFactor: a.maxRideFactor,
    maxRideExtraMin: a.maxRideExtraMin,
    transferBufferMin: a.transferBufferMin,
    maxPassengersPerBooking: a.maxPassengersPerBooking,
    maxWheelchairPlacesPerBooking: a.maxWheelchairPlacesPerBooking,
    maxOverlappingBookingsPerRider: a.maxOverlappingBookingsPerRider,
    maxOpenBookingsPerRider: a.maxOpenBookingsPerRider,
  };
}

export function toServiceAreaFacts(a: ServiceAreaEntity): ServiceAreaFacts {
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    geometry: a.geometry,
    timeZone: a.timeZone,
    operatingHours: a.operatingHours,
    bookingHorizonDays: a.bookingHorizonDays,
    minNoticeMin: a.minNoticeMin,
    rules: poolingRulesOf(a),
  };
}

/** Loads the active service areas a booking may fall into. */
@Injectable()
export class ServiceAreaFactsLoader {
  constructor(private readonly ds: DataSource) {}

  async forCounty(countyId: string): Promise<ServiceAreaFacts[]> {
    const rows = await this.ds
      .getRepository(ServiceAreaEntity)
      .findBy({ countyId, status: 'active' });
    return rows.map(toServiceAreaFacts);
  }
}
