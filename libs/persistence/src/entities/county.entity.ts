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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
