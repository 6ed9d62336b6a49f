import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A refresh token, kept only as its sha256. Each use rotates it: the row is marked used and a
 * new one joins the same family; a used token presented again revokes the whole family.
 */
@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  familyId: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 128 })
  subject: string;

  @Column({ type: 'varchar', length: 16 })
  role: string;

  @Column({ type: 'uuid', nullable: true })
  countyId: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  name: string | null;

  /** A driver's session: the shift it was signed in for (it ends with that shift). */
  @Column({ type: 'uuid', nullable: true })
  shiftId: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
