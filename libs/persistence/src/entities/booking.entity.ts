import type { BookingStatus, TimeKind } from '@app/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { RiderEntity } from './rider.entity';
import { ServiceAreaEntity } from './service-area.entity';
import { StopEntity } from './stop.entity';

export type BookingChannel = 'rider' | 'operator';

/** `auto`: the dispatcher confirms at once; `rider`: it holds an offer the rider must accept. */
export type BookingConfirmation = 'auto' | 'rider';

/** One rider's request for a ride, and what the service promised for it. */
@Entity('bookings')
@Index(['riderId', 'createdAt'])
@Index(['serviceAreaId', 'requestedTime'])
@Index(['status'])
export class BookingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  riderId: string;

  @ManyToOne(() => RiderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rider_id' })
  rider?: RiderEntity;

  @Column({ type: 'uuid' })
  serviceAreaId: string;

  @ManyToOne(() => ServiceAreaEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_area_id' })
  serviceArea?: ServiceAreaEntity;

  @Column({ type: 'uuid' })
  fromStopId: string;

  @ManyToOne(() => StopEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_stop_id' })
  fromStop?: StopEntity;

  @Column({ type: 'uuid' })
  toStopId: string;

  @ManyToOne(() => StopEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_stop_id' })
  toStop?: StopEntity;

  @Column({ type: 'varchar', length: 10 })
  timeKind: TimeKind;

  /** For `depart_at` the earliest pickup, for `arrive_by` the latest arrival. */
  @Column({ type: 'timestamptz' })
  requestedTime: Date;

  @Column({ type: 'int' })
  passengers: number;

  @Column({ type: 'int', default: 0 })
  wheelchairPlaces: number;

  @Column({ type: 'varchar', length: 12, default: 'requested' })
  status: BookingStatus;

  /** Promise made at confirmation: the rider is picked up inside this window... */
  @Column({ type: 'timestamptz', nullable: true })
  promisedPickupFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  promisedPickupTo: Date | null;

  /** ...and arrives no later than this. */
  @Column({ type: 'timestamptz', nullable: true })
  promisedLatestArrival: Date | null;

  @Column({ type: 'uuid', nullable: true })
  vehicleId: string | null;

  @Column({ type: 'varchar', length: 5, default: 'auto' })
  confirmation: BookingConfirmation;

  /** While `offered`: the seat is held until then, and released if the rider has not accepted. */
  @Column({ type: 'timestamptz', nullable: true })
  offerExpiresAt: Date | null;

  /**
   * Set with a rejection for lack of room: the nearest requested times (same `timeKind`, ISO 8601
   * instants, nearest first) at which a vehicle could have taken the ride then; nothing is held.
   */
  @Column({ type: 'jsonb', nullable: true })
  alternatives: string[] | null;

  /**
   * The train this ride connects with (from the imported GTFS timetable): `catch` a ride to the
   * station for a departure, `arrive` a ride from it after an arrival. Null for other rides.
   */
  @Column({ type: 'varchar', length: 6, nullable: true })
  trainRole: 'catch' | 'arrive' | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  trainTripId: string | null;

  @Column({ type: 'date', nullable: true })
  trainServiceDate: string | null;

  /** Route and headsign as the rider sees them, e.g. `RB` to `Kaiserslautern Hbf`. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  trainRoute: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  trainHeadsign: string | null;

  /** The train's scheduled departure (`catch`) or arrival (`arrive`) at the station. */
  @Column({ type: 'timestamptz', nullable: true })
  trainScheduledAt: Date | null;

  /**
   * The train's delay at the station (seconds) already applied to this ride's promise by the
   * GTFS-Realtime poller (`arrive` rides), and when its cancellation was handled; each change
   * of the train is applied and told once.
   */
  @Column({ type: 'int', default: 0 })
  trainDelayS: number;

  /**
   * An `arrive` ride booked for a later time than its train's scheduled arrival: how much later
   * (seconds; 0 otherwise). A delay up to this moves nothing, a larger one only by the rest
   * (`trainRideAction`).
   */
  @Column({ type: 'int', default: 0 })
  trainSlackS: number;

  @Column({ type: 'timestamptz', nullable: true })
  trainCancelledAt: Date | null;

  /** The other leg of a booking made with its return trip; null for single rides. */
  @Column({ type: 'uuid', nullable: true })
  linkedBookingId: string | null;

  /** `outbound` or `return` for the two legs of a round trip; null for single rides. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  tripLeg: 'outbound' | 'return' | null;

  /** Why the booking was rejected, cancelled or failed, in a stable code plus text. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  reasonCode: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  reasonText: string | null;

  @Column({ type: 'varchar', length: 10, default: 'rider' })
  channel: BookingChannel;

  /** The planned pickup the rider was last told of; a move by more than 5 minutes is told again. */
  @Column({ type: 'timestamptz', nullable: true })
  notifiedPickupAt: Date | null;

  /** Subject of the token that created it (the rider, or the operator who took the call). */
  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
