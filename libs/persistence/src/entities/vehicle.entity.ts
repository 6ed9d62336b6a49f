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
import { StopEntity } from './stop.entity';

@Entity('vehicles')
@Index(['countyId', 'callSign'], { unique: true })
export class VehicleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  countyId: string;

  @ManyToOne(() => CountyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_id' })
  county?: CountyEntity;

  /** What the office and drivers call it, e.g. `KUS-01`. */
  @Column({ type: 'varchar', length: 32 })
  callSign: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  licensePlate: string | null;

  /** Seats for passengers, the driver's excluded. */
  @Column({ type: 'int' })
  seats: number;

  @Column({ type: 'int', default: 0 })
  wheelchairPlaces: number;

  @Column({ type: 'uuid' })
  homeDepotStopId: string;

  @ManyToOne(() => StopEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'home_depot_stop_id' })
  homeDepot?: StopEntity;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
