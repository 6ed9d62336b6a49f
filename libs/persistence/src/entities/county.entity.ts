import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A county (Landkreis) served by this installation; every operational record belongs to one. */
@Entity('counties')
export class CountyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Official key (Kreisschlüssel), e.g. `07336` for Landkreis Kusel. */
  @Column({ type: 'varchar', length: 5, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 64, default: 'Europe/Berlin' })
  timeZone: string;

  /**
   * The county's own road data (OSM file) for the embedded router; null: the shared router.
   * Unused with OSRM (one extract for the state).
   */
  @Column({ type: 'varchar', length: 500, nullable: true })
  osmFile: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
