import type { OperatingHours, ServiceFigures, Weekday } from '@app/domain';
import {
  Clock,
  ConflictError,
  NotFoundError,
  RuleViolationError,
  toLocalTime,
  zonedToInstant,
} from '@app/domain';
import { CountyEntity, ServiceAreaEntity, StopEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { AppConfig, APP_CONFIG } from '@app/config';
import { planningCadence } from '@app/dispatch';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { DataSource } from 'typeorm';
import { runDayInBackground } from '../engine/day-runner';
import { countyFleet, type FleetVehicle } from '../engine/fleet';
import { buildTravelMatrix, type TravelMatrix } from '../engine/travel-matrix';
import { generateDay } from '../generator/day-generator';
import {
  DEFAULT_SIM_RULES,
  type SimPlace,
  type SimRequest,
  type SimRules,
} from '../model/sim.types';
import { loadPastDay } from './past-day';
import { whatIfFailureMessage } from './what-if-failure';
import { simPlaceOf } from './sim-place';

/**
 * The day replayed: a generated weekday of the county (its villages' demand, `seed`), or a real
 * past day (`date`, YYYY-MM-DD local) with the requests its riders made.
 */
export type WhatIfSource = { kind: 'generated'; seed?: number } | { kind: 'past'; date: string };

export interface WhatIfInput {
  /** The day replayed; default a generated day of `seed`. */
  source?: WhatIfSource;
  /** Seed of the generated day (when `source` names none). */
  seed?: number;
  /** Draft service area whose polygon, weekday hours and rules are tried. */
  draftAreaId?: string;
  /** Vehicles in the draft (the live fleet's count when omitted). */
  fleetSize?: number;
}

export interface WhatIfSide {
  fleetSize: number;
  rules: SimRules;
  figures: ServiceFigures;
}

/** A what-if replay running in the background, and its result once done. */
export interface WhatIfJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  /** Bookings decided so far over both replays. */
  progress: { done: number; total: number };
  result: WhatIfResult | null;
  error: string | null;
}

/** Finished and running jobs kept for polling; the oldest go first. */
const MAX_JOBS = 20;

export interface WhatIfResult {
  /** The day replayed. */
  source: WhatIfSource;
  seed: number;
  requests: number;
  live: WhatIfSide;
  draft: WhatIfSide;
}

/**
 * Replays one day of the county, generated (demand from its own village stops) or a real past day
 * from its bookings, with its own fleet, in-process through the dispatch worker's policy and planning
 * cadence with the live settings (active service area, active fleet) and with draft settings, so
 * the office compares figures before publishing. Runs as a background job with progress; nothing
 * is written.
 */
@Injectable()
export class WhatIfService {
  /** Travel times between a county's places, by the places' codes. */
  private readonly matrices = new Map<string, Promise<TravelMatrix>>();
  private readonly jobs = new Map<string, { countyId: string; job: WhatIfJob }>();
  private readonly log = new Logger(WhatIfService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly stopMatrix: StopMatrixCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts a what-if replay in the background and returns its job at once; the replay hands the
   * event loop back between events, so the API keeps answering while it runs.
   * @throws NotFoundError when the county has no active area or the draft is not one of its areas
   * @throws ConflictError `what_if_running` while a replay of the county runs
   * @throws RuleViolationError (`source.date`) for a past day that is not past or has no bookings
   */
  async start(countyId: string, input: WhatIfInput): Promise<WhatIfJob> {
    const settings = await this.settings(countyId, input);
    // One replay per county at a time: each takes the API's event loop in turns, and eight at
    // once (one operator token, well inside the write limit) held stop searches for seconds.
    const running = [...this.jobs.values()].find(
      (e) => e.countyId === countyId && e.job.state === 'running',
    );
    if (running)
      throw new ConflictError(
        `a what-if of this county is running (job ${running.job.id}); start the next when it is done`,
        'what_if_running',
      );
    const job: WhatIfJob = {
      id: randomUUID(),
      state: 'running',
      progress: { done: 0, total: 0 },
      result: null,
      error: null,
    };
    this.jobs.set(job.id, { countyId, job });
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - MAX_JOBS)))
      this.jobs.delete(id);
    this.replay(settings, job).catch((e: unknown) => {
      job.state = 'failed';
      job.error = whatIfFailureMessage(e, job.id);
      this.log.error(`what-if job ${job.id} of county ${countyId} failed`, (e as Error)?.stack);
    });
    return job;
  }

  /** A job of the county, running or finished. */
  job(countyId: string, jobId: string): WhatIfJob {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.countyId !== countyId) throw new NotFoundError('what-if job', jobId);
    return entry.job;
  }

  /** The whole comparison, awaited (for scripts and tests). */
  async compare(countyId: string, input: WhatIfInput): Promise<WhatIfResult> {
    const job = await this.start(countyId, input);
    while (job.state === 'running') await new Promise((r) => setTimeout(r, 50));
    if (job.state === 'failed') throw new Error(job.error ?? 'what-if failed');
    return job.result as WhatIfResult;
  }

  private placesOf(countyId: string): Promise<SimPlace[]> {
    return placesOfCounty(this.ds, countyId);
  }

  private async settings(countyId: string, input: WhatIfInput) {
    const areas = this.ds.getRepository(ServiceAreaEntity);
    const live = await areas.findOne({
      where: { countyId, status: 'active' },
      order: { createdAt: 'ASC' },
    });
    if (!live) throw new NotFoundError('active service area', countyId);
    const draft = input.draftAreaId
      ? await areas.findOneBy({ id: input.draftAreaId, countyId }).catch(() => null)
      : live;
    if (!draft) throw new NotFoundError('service area', input.draftAreaId ?? '');
    const vehicles: FleetVehicle[] = await this.ds.query(
      `SELECT v.call_sign AS "callSign", v.seats, v.wheelchair_places AS "wheelchairPlaces",
              s.code AS "depotCode"
         FROM vehicles v LEFT JOIN stops s ON s.id = v.home_depot_stop_id
        WHERE v.county_id = $1 AND v.active ORDER BY v.call_sign`,
      [countyId],
    );
    const seed = (input.source?.kind === 'generated' ? input.source.seed : input.seed) ?? 1;
    const source: WhatIfSource =
      input.source?.kind === 'past' ? input.source : { kind: 'generated', seed };
    let places = await this.placesOf(countyId);
    let day: SimRequest[];
    let weekday: Weekday = 'mon';
    if (source.kind === 'past') {
      const past = await this.pastDay(countyId, source.date);
      const known = new Set(places.map((p) => p.code));
      places = [...places, ...past.stops.filter((p) => !known.has(p.code))];
      day = past.requests;
      weekday = past.weekday;
    } else {
      day = generateDay(places, { seed });
    }
    return {
      live,
      draft,
      places,
      vehicles,
      liveFleet: vehicles.length,
      draftFleet: input.fleetSize ?? vehicles.length,
      seed,
      source,
      day,
      weekday,
    };
  }

  /** A past day of the county, checked: before today on the county's (maybe simulated) clock. */
  private async pastDay(countyId: string, date: string) {
    const county = await this.ds.getRepository(CountyEntity).findOneBy({ id: countyId });
    if (!county) throw new NotFoundError('county', countyId);
    const today = toLocalTime(this.clock.now(), county.timeZone).date;
    const problem = (code: string, reason: string) =>
      new RuleViolationError([{ field: 'source.date', code, reason }]);
    if (!(date < today)) throw problem('not_in_past', `must be a day before today (${today})`);
    const past = await loadPastDay(this.ds, countyId, date, county.timeZone);
    if (!past.requests.length)
      throw problem('no_bookings', `the county has no bookings on ${date}`);
    const weekday = toLocalTime(
      zonedToInstant(date, '12:00', county.timeZone),
      county.timeZone,
    ).weekday;
    return { ...past, weekday };
  }

  private async replay(
    s: Awaited<ReturnType<WhatIfService['settings']>>,
    job: WhatIfJob,
  ): Promise<void> {
    const places = s.places;
    const key = places.map((p) => p.code).join(',');
    let pending = this.matrices.get(key);
    if (!pending) {
      pending = buildTravelMatrix(places, this.stopMatrix);
      this.matrices.set(key, pending);
      pending.catch(() => this.matrices.delete(key));
    }
    const matrix = await pending;
    const day = s.day;
    job.progress = { done: 0, total: 2 * day.length };
    const side = async (area: ServiceAreaEntity, fleetSize: number, offset: number) => {
      const rules = rulesOf(area, s.weekday);
      const servedCodes = new Set(
        places
          .filter((p) => booleanPointInPolygon([p.lon, p.lat], area.geometry))
          .map((p) => p.code),
      );
      const fleet = countyFleet(s.vehicles, fleetSize, places);
      const { figures } = await runDayInBackground(day, fleet, matrix, {
        rules,
        servedCodes,
        cadence: planningCadence(this.config.IMPROVE_EVERY_MIN),
        onProgress: (done) => (job.progress = { done: offset + done, total: 2 * day.length }),
      });
      return { fleetSize, rules, figures };
    };
    const live = await side(s.live, s.liveFleet, 0);
    const draft = await side(s.draft, s.draftFleet, day.length);
    job.result = { source: s.source, seed: s.seed, requests: day.length, live, draft };
    job.state = 'done';
  }
}

/**
 * The county's own places from its active stops: village centres with their inhabitants (the
 * demand), rail stations and the hub.
 */
async function placesOfCounty(ds: DataSource, countyId: string): Promise<SimPlace[]> {
  const stops = await ds
    .getRepository(StopEntity)
    .find({ where: { countyId, active: true }, order: { code: 'ASC' } });
  return stops.filter((s) => s.kind !== 'depot').map(simPlaceOf);
}

/** The day's opening (its weekday's first interval; Monday's for a generated day) and the area's pooling rules. */
function rulesOf(a: ServiceAreaEntity, weekday: Weekday): SimRules {
  const monday = (a.operatingHours as OperatingHours)[weekday]?.[0];
  const toS = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
  return {
    ...DEFAULT_SIM_RULES,
    pickupWindowMin: a.pickupWindowMin,
    maxRideFactor: a.maxRideFactor,
    maxRideExtraMin: a.maxRideExtraMin,
    minNoticeMin: a.minNoticeMin,
    openS: monday ? toS(monday.start) : 0,
    closeS: monday ? toS(monday.end) : 0,
  };
}
