import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type RiderMessageChannel = 'sms' | 'app' | 'none';
/**
 * `stale`: not sent, as its news was over when it could be delivered (a pickup message after the
 * pickup, e.g. once the SMS provider was back from an outage). Terminal, like the others but
 * `pending`.
 */
export type RiderMessageStatus = 'pending' | 'sent' | 'skipped' | 'failed' | 'stale';
export type RiderMessageKind =
  | 'confirmed'
  | 'rejected'
  | 'pickup_moved'
  | 'arriving'
  | 'at_risk'
  | 'cancelled_by_office'
  | 'train_delayed'
  | 'train_cancelled'
  /** A train cancellation the feed withdrew: the train runs after all. */
  | 'train_restored';

/**
 * The outbox of messages to riders: written in the transaction of the change it tells of, sent
 * by a delivery job. `eventId` is unique, so the same event never makes two messages.
 */
@Entity('rider_messages')
export class RiderMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The business event, e.g. `confirmed.<bookingId>`; the delivery job id derives from it. */
  @Column({ type: 'varchar', length: 160, unique: true })
  eventId: string;

  @Column({ type: 'uuid' })
  riderId: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  bookingId: string | null;

  @Column({ type: 'varchar', length: 30 })
  kind: RiderMessageKind;

  /** The rider's channel when the message was written. */
  @Column({ type: 'varchar', length: 5 })
  channel: RiderMessageChannel;

  @Column({ type: 'varchar', length: 2 })
  language: 'de' | 'en';

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 640 })
  body: string;

  /** The pickup time a message about the pickup tells (`arriving`, `pickup_moved`). */
  @Column({ type: 'timestamptz', nullable: true })
  pickupAt: Date | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: RiderMessageStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
