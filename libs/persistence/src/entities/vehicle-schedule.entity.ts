import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { ShiftEntity } from './shift.entity';

/** One stop of a vehicle's plan. Times are ISO 8601 instants. */
export interface ScheduledStopRecord {
  stopId: string;
  plannedArrivalAt: string;
  plannedDepartureAt: string;
  /** Bookings boarding and alighting here. */
  pickups: string[];
  dropoffs: string[];
  /** On board after the stop. */
  load: { seats: number; wheelchairPlaces: number };
  /** Set once the driver reported departure; driven stops never move again. */
  departedAt?: string;
}

/**
 * A vehicle's ordered stops for one shift. `version` is the optimistic lock: a writer that
 * read version n updates `WHERE version = n` and retries when another worker got there first.
 */
@Entity('vehicle_schedules')
@Index(['vehicleId'])
export class VehicleScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  vehicleId: string;

  @Column({ type: 'uuid', unique: true })
  shiftId: string;

  // A schedule carries promises: its shift is ended or cancelled, never deleted by cascade.
  @ManyToOne(() => ShiftEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'shift_id' })
  shift?: ShiftEntity;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  stops: ScheduledStopRecord[];

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
