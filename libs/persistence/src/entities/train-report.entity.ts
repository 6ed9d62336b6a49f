import type { TripUpdateReport } from '@app/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One train's GTFS-Realtime TripUpdate as the last poll read it (trips of the imported timetable
 * only). Each poll that reads the feed replaces all rows; a poll that cannot leaves them.
 */
@Entity('train_reports')
export class TrainReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  tripId: string;

  /** The report's start_date, `YYYY-MM-DD`; '' when the feed omits it (then: today). */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  serviceDate: string;

  /** The whole trip is CANCELED (or DELETED). */
  @Column({ type: 'boolean' })
  cancelled: boolean;

  /** The TripUpdate as decoded. */
  @Column({ type: 'jsonb' })
  report: TripUpdateReport;

  @Column({ type: 'timestamptz' })
  polledAt: Date;
}
