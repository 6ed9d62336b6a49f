import { StationCall, trainAtStation, TrainAtStation, TripUpdateReport } from '@app/domain';
import { TrainReportEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * What the last GTFS-Realtime poll knew about each train of the imported timetable (table
 * `train_reports`). The poller replaces it with every feed it reads; a booking made after that
 * poll is checked against it ({@link BookingRequestResolver}), so a train the feed has cancelled
 * is not booked between two polls and a known delay is applied from the start.
 */
@Injectable()
export class TrainReportsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Replaces the stored reports with this poll's, keeping only trains of the imported timetable
   * (a national feed lists many thousands). A trip the feed stops listing is no longer known.
   */
  async replace(reports: TripUpdateReport[], polledAt: Date): Promise<number> {
    const ids = [...new Set(reports.map((r) => r.tripId))];
    return this.ds.transaction(async (em) => {
      await em.query(`DELETE FROM train_reports`);
      if (!ids.length) return 0;
      const known: Array<{ trip_id: string }> = await em.query(
        `SELECT DISTINCT trip_id FROM timetable_trips WHERE trip_id = ANY($1)`,
        [ids],
      );
      const ours = new Set(known.map((k) => k.trip_id));
      const rows = new Map<string, TrainReportEntity>();
      for (const r of reports) {
        if (!ours.has(r.tripId)) continue;
        const serviceDate = r.serviceDate ?? '';
        // One report per train and day: a feed repeating one keeps its first, as the matcher does.
        const key = `${r.tripId}@${serviceDate}`;
        if (!rows.has(key))
          rows.set(key, {
            tripId: r.tripId,
            serviceDate,
            cancelled: r.cancelled,
            report: r,
            polledAt,
          });
      }
      if (rows.size) await em.getRepository(TrainReportEntity).insert([...rows.values()]);
      return rows.size;
    });
  }

  /**
   * What the last poll said the train does at the station (the GTFS-Realtime rule,
   * `trainAtStation`); null when it did not report the train. A report without a service date
   * counts for `today` (the area's date), as in the matcher.
   */
  async atStation(
    tripId: string,
    serviceDate: string,
    today: string,
    call: StationCall,
  ): Promise<TrainAtStation | null> {
    const rows = await this.ds.getRepository(TrainReportEntity).find({ where: { tripId } });
    const row =
      rows.find((r) => r.serviceDate === serviceDate) ??
      (serviceDate === today ? rows.find((r) => r.serviceDate === '') : undefined);
    return row ? trainAtStation(row.report, call) : null;
  }
}
