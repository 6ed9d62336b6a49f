import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * The train timetable at the county's stations, imported from a GTFS feed (`npm run
 * import:gtfs`). Only what the hubs need is kept: rail trips that call at one of our station
 * stops, their calls there, and the calendars of their services. A re-import of a feed with the
 * same name replaces the old one in one transaction, so readers never see half a timetable.
 */
@Entity('timetable_feeds')
export class TimetableFeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The feed's name given at import (e.g. `vrn`, `delfi`); a re-import replaces it. */
  @Column({ type: 'varchar', length: 80, unique: true })
  name: string;

  /** The file it came from, and the feed's own version when it says one. */
  @Column({ type: 'varchar', length: 400 })
  source: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  feedVersion: string | null;

  /** The time zone of the feed's agencies: GTFS times count in it. */
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;
}

/** A GTFS stop linked to one of our station stops (nearest within the linking radius). */
@Entity('timetable_stations')
export class TimetableStationEntity {
  @PrimaryColumn({ type: 'uuid' })
  feedId: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  gtfsStopId: string;

  @Index('IDX_timetable_stations_stop')
  @Column({ type: 'uuid' })
  stopId: string;

  @Column({ type: 'varchar', length: 200 })
  gtfsStopName: string;
}

/** A service's weekly pattern (calendar.txt); `weekdays` is a Mon..Sun string of 0/1. */
@Entity('timetable_services')
export class TimetableServiceEntity {
  @PrimaryColumn({ type: 'uuid' })
  feedId: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  serviceId: string;

  @Column({ type: 'char', length: 7 })
  weekdays: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;
}

/** A single-day exception (calendar_dates.txt): 1 adds the service on that date, 2 removes it. */
@Entity('timetable_service_exceptions')
export class TimetableServiceExceptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  feedId: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  serviceId: string;

  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'smallint' })
  exceptionType: number;
}

/** A rail trip calling at one of our stations. */
@Entity('timetable_trips')
export class TimetableTripEntity {
  @PrimaryColumn({ type: 'uuid' })
  feedId: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  tripId: string;

  @Column({ type: 'varchar', length: 120 })
  serviceId: string;

  /** e.g. `RB 67`; the route's long name when it has no short one. */
  @Column({ type: 'varchar', length: 120 })
  routeName: string;

  @Column({ type: 'int' })
  routeType: number;

  /** Where the train goes: trip_headsign, else the name of its last stop. */
  @Column({ type: 'varchar', length: 200 })
  headsign: string;

  /** Where it comes from: the name of its first stop. */
  @Column({ type: 'varchar', length: 200 })
  origin: string;
}

/** A trip's call at one of our stations; times in seconds from the service day's origin. */
@Entity('timetable_stop_times')
@Index('IDX_timetable_stop_times_departure', ['stopId', 'departureS'])
@Index('IDX_timetable_stop_times_arrival', ['stopId', 'arrivalS'])
export class TimetableStopTimeEntity {
  @PrimaryColumn({ type: 'uuid' })
  feedId: string;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  tripId: string;

  @PrimaryColumn({ type: 'int' })
  stopSequence: number;

  @Column({ type: 'uuid' })
  stopId: string;

  @Column({ type: 'int' })
  arrivalS: number;

  @Column({ type: 'int' })
  departureS: number;

  /** The trip starts here (nobody arrives by it) or ends here (nobody departs with it). */
  @Column({ type: 'boolean' })
  isFirst: boolean;

  @Column({ type: 'boolean' })
  isLast: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  platform: string | null;
}
