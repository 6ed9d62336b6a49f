import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A vehicle's track history at a low rate (the realtime gateway keeps about one point per
 * vehicle every 15 s; the latest position lives in Redis). For the office's audits of service
 * quality, not for live display.
 */
@Entity('vehicle_track_points')
@Index(['vehicleId', 'recordedAt'])
export class VehicleTrackPointEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  vehicleId: string;

  /** The driver who sent it (token subject). */
  @Column({ type: 'uuid' })
  driverId: string;

  /** When the device measured the position. */
  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  /** WGS84 degrees. */
  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ type: 'real', nullable: true })
  headingDeg: number | null;

  @Column({ type: 'real', nullable: true })
  speedMps: number | null;

  @Column({ type: 'real', nullable: true })
  accuracyM: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
