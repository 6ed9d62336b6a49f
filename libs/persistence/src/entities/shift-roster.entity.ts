import type { Weekday } from '@app/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { DriverEntity } from './driver.entity';
import { VehicleEntity } from './vehicle.entity';

/** One line of the weekly roster the office keeps; the nightly roll-forward makes shifts of it. */
@Entity('shift_roster_entries')
@Index(['countyId', 'weekday'])
export class ShiftRosterEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  countyId: string;

  @Column({ type: 'uuid' })
  vehicleId: string;

  @ManyToOne(() => VehicleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vehicle_id' })
  vehicle?: VehicleEntity;

  @Column({ type: 'uuid' })
  driverId: string;

  @ManyToOne(() => DriverEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'driver_id' })
  driver?: DriverEntity;

  @Column({ type: 'varchar', length: 3 })
  weekday: Weekday;

  /** Local wall-clock `HH:MM`. */
  @Column({ name: 'start_local', type: 'varchar', length: 5 })
  start: string;

  @Column({ name: 'end_local', type: 'varchar', length: 5 })
  end: string;

  /** Local dates `YYYY-MM-DD`, inclusive. */
  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A single day that differs from the roster: called off, or other hours or another driver. */
@Entity('shift_roster_exceptions')
@Unique('UQ_shift_roster_exceptions_day', ['entryId', 'serviceDate'])
export class ShiftRosterExceptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  entryId: string;

  @ManyToOne(() => ShiftRosterEntryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id' })
  entry?: ShiftRosterEntryEntity;

  @Column({ type: 'date' })
  serviceDate: string;

  @Column({ type: 'varchar', length: 6 })
  kind: 'cancel' | 'change';

  @Column({ name: 'start_local', type: 'varchar', length: 5, nullable: true })
  start: string | null;

  @Column({ name: 'end_local', type: 'varchar', length: 5, nullable: true })
  end: string | null;

  @Column({ type: 'uuid', nullable: true })
  driverId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
