import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { DriverEntity } from './driver.entity';
import { VehicleEntity } from './vehicle.entity';

/**
 * A vehicle in service with a driver between two instants. Overlapping shifts of one vehicle
 * or one driver are refused by exclusion constraints in the database.
 */
@Entity('shifts')
@Index(['startsAt', 'endsAt'])
export class ShiftEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  vehicleId: string;

  // A vehicle with shifts is deactivated, never deleted underneath them.
  @ManyToOne(() => VehicleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vehicle_id' })
  vehicle?: VehicleEntity;

  @Column({ type: 'uuid' })
  driverId: string;

  @ManyToOne(() => DriverEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'driver_id' })
  driver?: DriverEntity;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  /**
   * Set when the office called off a shift that had bookings before it began: it stays as a
   * record (its bookings were re-planned or marked at risk) but no longer runs or blocks its
   * vehicle and driver. A running shift is ended instead (`endsAt` moved to the end instant).
   */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Why the shift was ended early or cancelled, e.g. `ended_by_office`, `breakdown`. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  endReason: string | null;

  /** The roster line and local service date it was rolled forward from (null: planned by hand). */
  @Column({ type: 'uuid', nullable: true })
  rosterEntryId: string | null;

  @Column({ type: 'date', nullable: true })
  serviceDate: string | null;

  /**
   * What the roster last asked of this day (hours and driver): the roll-forward changes the
   * shift only when the roster's ask changes, so a change the office made by hand stays.
   */
  @Column({ type: 'varchar', length: 120, nullable: true })
  rosterAsk: string | null;

  /** The end as first planned, kept when the shift was shortened, ended or extended. */
  @Column({ type: 'timestamptz', nullable: true })
  plannedEndsAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
