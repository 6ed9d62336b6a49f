import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One write by the transport office: who, when, what, and the values before and after. */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 128 })
  actorSub: string;

  @Column({ type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  actorName: string | null;

  @Column({ type: 'uuid', nullable: true })
  countyId: string | null;

  /** `<entity>.<verb>`, e.g. `service_area.publish`, `booking.cancel`. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;
}
