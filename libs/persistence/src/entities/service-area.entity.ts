import type { MultiPolygon, Polygon } from 'geojson';
import type { OperatingHours } from '@app/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CountyEntity } from './county.entity';

export type ServiceAreaStatus = 'active' | 'draft';

/** Where and when the service runs, and how it pools rides. */
@Entity('service_areas')
@Index(['countyId', 'status'])
export class ServiceAreaEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  countyId: string;

  @ManyToOne(() => CountyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_id' })
  county?: CountyEntity;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: ServiceAreaStatus;

  /** GeoJSON Polygon or MultiPolygon, positions as [lon, lat] (WGS84). */
  @Column({ type: 'jsonb' })
  geometry: Polygon | MultiPolygon;

  @Column({ type: 'varchar', length: 64, default: 'Europe/Berlin' })
  timeZone: string;

  /** Opening intervals per weekday in local time: `{ mon: [{ start: '05:00', end: '23:00' }] }`. */
  @Column({ type: 'jsonb' })
  operatingHours: OperatingHours;

  @Column({ type: 'int', default: 14 })
  bookingHorizonDays: number;

  @Column({ type: 'int', default: 30 })
  minNoticeMin: number;

  @Column({ type: 'int', default: 15 })
  pickupWindowMin: number;

  @Column({ type: 'double precision', default: 1.5 })
  maxRideFactor: number;

  @Column({ type: 'int', default: 10 })
  maxRideExtraMin: number;

  @Column({ type: 'int', default: 5 })
  transferBufferMin: number;

  @Column({ type: 'int', default: 6 })
  maxPassengersPerBooking: number;

  @Column({ type: 'int', default: 1 })
  maxWheelchairPlacesPerBooking: number;

  /** How many open bookings of one rider may overlap in time (`checkRiderBookingLimits`). */
  @Column({ type: 'int', default: 1 })
  maxOverlappingBookingsPerRider: number;

  /** How many open bookings one rider may hold at once. */
  @Column({ type: 'int', default: 20 })
  maxOpenBookingsPerRider: number;

  /** The transport office's number for booking by phone (E.164), shown to riders who cannot get an SMS. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  bookingPhone: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
