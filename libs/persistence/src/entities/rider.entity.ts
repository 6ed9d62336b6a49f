import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CountyEntity } from './county.entity';

export const RIDER_NEEDS = [
  'wheelchair',
  'walking_aid',
  'assistance',
  'guide_dog',
  'child_seat',
] as const;
export type RiderNeed = (typeof RIDER_NEEDS)[number];

@Entity('riders')
export class RiderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  countyId: string;

  @ManyToOne(() => CountyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'county_id' })
  county?: CountyEntity;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** Standing needs the driver must know about, e.g. `walking_aid`. */
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  needs: RiderNeed[];

  /** Free text from the transport office, e.g. "rings twice, hard of hearing". */
  @Column({ type: 'varchar', length: 500, nullable: true })
  notes: string | null;

  /** How the rider wants to hear of their rides: `sms`, in the `app` only, or `none`. */
  @Column({ type: 'varchar', length: 5, default: 'sms' })
  messageChannel: 'sms' | 'app' | 'none';

  /** Language of messages to the rider. */
  @Column({ type: 'varchar', length: 2, default: 'de' })
  language: 'de' | 'en';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
