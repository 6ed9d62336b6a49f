import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type OfficeRole = 'operator' | 'admin';

/** A local sign-in for the transport office, for counties without an identity provider. */
@Entity('operator_accounts')
export class OperatorAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 8 })
  role: OfficeRole;

  /** The operator's county; null only for admins (every county). */
  @Column({ type: 'uuid', nullable: true })
  countyId: string | null;

  /** argon2id, PHC string format. */
  @Column({ type: 'text', select: false })
  passwordHash: string;

  /** TOTP secret, base32. */
  @Column({ type: 'varchar', length: 64, select: false })
  totpSecret: string;

  /** Last accepted TOTP time step, so a code cannot be used twice. */
  @Column({ type: 'bigint', nullable: true, select: false })
  lastTotpStep: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
