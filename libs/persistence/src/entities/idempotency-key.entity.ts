import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Remembers what a client's `Idempotency-Key` was used for, per principal, so that a retried
 * POST returns the first result and a reused key with another body is refused.
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  principal: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  /** sha256 of the canonical request body. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'uuid' })
  bookingId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
