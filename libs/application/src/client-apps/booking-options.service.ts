import { NotFoundError } from '@app/domain';
import { CountyEntity, ServiceAreaEntity, StopEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CountiesService } from '../counties/counties.service';
import { formatPhoneNational } from '../phone/phone-number';

/** What the rider app needs to offer sensible choices before a booking is sent. */
export interface BookingOptionsView {
  countyCode: string;
  timeZone: string;
  /** Earliest booking: now plus this. */
  minNoticeMin: number;
  bookingHorizonDays: number;
  pickupWindowMin: number;
  maxPassengersPerBooking: number;
  maxWheelchairPlacesPerBooking: number;
  /** The county's main hub (Bahnhof Kusel), offered as a one-tap destination. */
  hub: { id: string; name: string; lat: number; lon: number } | null;
  /**
   * The transport office's number for booking by phone (for riders without a mobile):
   * `e164` for `tel:` links, `display` in German national notation; null when not set.
   */
  bookingPhone: OfficePhone | null;
}

/** A phone number as `e164` for `tel:` links and `display` in German national notation. */
export interface OfficePhone {
  e164: string;
  display: string;
}

/** A county's transport office as riders without a mobile reach it. */
export interface TransportOfficeView {
  countyCode: string;
  /** The county's name, e.g. "Landkreis Kusel": whose office it is. */
  name: string;
  bookingPhone: OfficePhone;
}

@Injectable()
export class BookingOptionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly counties: CountiesService,
  ) {}

  /** The options of the county named, of a stop's county, or of the only county. */
  async find(by: { countyCode?: string; stopId?: string }): Promise<BookingOptionsView> {
    return this.forCounty(
      await this.counties.pick({ code: by.countyCode, stopId: by.stopId }, 'county'),
    );
  }

  /**
   * Every county's transport office with a booking phone, the county set up first first: the
   * rider app names the office of the county a rider booked in last, or lists them all.
   */
  async offices(): Promise<TransportOfficeView[]> {
    const counties = await this.ds
      .getRepository(CountyEntity)
      .find({ order: { createdAt: 'ASC', code: 'ASC' } });
    const out: TransportOfficeView[] = [];
    for (const county of counties) {
      const bookingPhone = officePhone(await this.mainArea(county));
      if (bookingPhone) out.push({ countyCode: county.code, name: county.name, bookingPhone });
    }
    return out;
  }

  /** The county's first active service area, whose rules and phone the rider app shows. */
  private mainArea(county: CountyEntity): Promise<ServiceAreaEntity | null> {
    return this.ds
      .getRepository(ServiceAreaEntity)
      .findOne({ where: { countyId: county.id, status: 'active' }, order: { createdAt: 'ASC' } });
  }

  async forCounty(county: CountyEntity): Promise<BookingOptionsView> {
    const countyCode = county.code;
    const area = await this.mainArea(county);
    if (!area) throw new NotFoundError('active service area', countyCode);
    const hub = await this.ds
      .getRepository(StopEntity)
      .findOneBy({ countyId: county.id, isMainHub: true, active: true });
    return {
      countyCode,
      timeZone: area.timeZone,
      minNoticeMin: area.minNoticeMin,
      bookingHorizonDays: area.bookingHorizonDays,
      pickupWindowMin: area.pickupWindowMin,
      maxPassengersPerBooking: area.maxPassengersPerBooking,
      maxWheelchairPlacesPerBooking: area.maxWheelchairPlacesPerBooking,
      hub: hub ? { id: hub.id, name: hub.name, lat: hub.lat, lon: hub.lon } : null,
      bookingPhone: officePhone(area),
    };
  }
}

function officePhone(area: ServiceAreaEntity | null): OfficePhone | null {
  return area?.bookingPhone
    ? { e164: area.bookingPhone, display: formatPhoneNational(area.bookingPhone) }
    : null;
}
