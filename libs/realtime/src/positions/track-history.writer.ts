import { VehicleTrackPointEntity } from '@app/persistence';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REALTIME_OPTIONS, RealtimeOptions } from '../realtime.options';
import { ValidPosition } from './position.validator';

type TrackRow = Omit<VehicleTrackPointEntity, 'id' | 'createdAt'>;

/**
 * Thins each vehicle's positions to one per `trackIntervalS` and writes them to PostgreSQL in
 * batched inserts every `trackFlushS`. Each driver is connected to one gateway process at a
 * time, so thinning per process is thinning per vehicle. A failed batch is logged and dropped:
 * the track is for audits, and the live position is in Redis.
 */
@Injectable()
export class TrackHistoryWriter implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(TrackHistoryWriter.name);
  private readonly lastKeptMs = new Map<string, number>();
  private buffer: TrackRow[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.options.trackFlushS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Keeps the position if the vehicle's last kept one is at least the interval older. */
  offer(vehicleId: string, driverId: string, p: ValidPosition): boolean {
    const t = p.at.getTime();
    const last = this.lastKeptMs.get(vehicleId);
    if (last !== undefined && t - last < this.options.trackIntervalS * 1000) return false;
    this.lastKeptMs.set(vehicleId, t);
    this.buffer.push({
      vehicleId,
      driverId,
      recordedAt: p.at,
      lat: p.lat,
      lon: p.lon,
      headingDeg: p.headingDeg,
      speedMps: p.speedMps,
      accuracyM: p.accuracyM,
    });
    if (this.buffer.length >= 1000) void this.flush();
    return true;
  }

  async flush(): Promise<number> {
    if (!this.buffer.length || !this.ds.isInitialized) return 0;
    const rows = this.buffer;
    this.buffer = [];
    try {
      await this.ds
        .createQueryBuilder()
        .insert()
        .into(VehicleTrackPointEntity)
        .values(rows)
        .execute();
      return rows.length;
    } catch (e) {
      this.log.warn(`dropped ${rows.length} track points: ${(e as Error).message}`);
      return 0;
    }
  }
}
