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

export type StopKind = 'village' | 'hub' | 'rail_station' | 'depot';

/** A place riders board and alight: a virtual stop at a village centre, a rail station, a hub. */
@Entity('stops')
@Index(['countyId', 'code'], { unique: true })
@Index(['lat', 'lon'])
export class StopEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  countyId: string;

  @ManyToOne(() => CountyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_id' })
  county?: CountyEntity;

  /** Stable external code (GTFS stop_id), e.g. `ags-07336055` or `eva-8003481`. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Folded name for search, see `stopSearchKey`. */
  @Column({ type: 'varchar', length: 260 })
  searchKey: string;

  @Column({ type: 'varchar', length: 16 })
  kind: StopKind;

  /** The main mobility hub of the county (Bahnhof Kusel). */
  @Column({ type: 'boolean', default: false })
  isMainHub: boolean;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  /** Amtlicher Gemeindeschlüssel of the village the stop is in. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  ags: string | null;

  /** Inhabitants of the municipality a village-centre stop serves (reference data); else null. */
  @Column({ type: 'integer', nullable: true })
  population: number | null;

  @Column({ type: 'boolean', default: true })
  wheelchairAccessible: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
