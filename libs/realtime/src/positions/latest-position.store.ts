import { BookingEtaMessage, VehiclePositionEvent } from '@app/contracts';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';

// Keeps a position only if it is newer than the one stored and the vehicle has a position to
// spend (a bucket of POSITION_BURST filled at POSITION_PER_S by Redis' own clock); returns the
// stored time, or 'too_frequent', otherwise.
// KEYS: county hash, vehicle key. ARGV: vehicle id, epoch ms, JSON, ttl s, burst, per second.
const SAVE_IF_NEWER = `
local cur = redis.call('GET', KEYS[2] .. ':t')
if cur and tonumber(cur) >= tonumber(ARGV[2]) then return cur end
local clock = redis.call('TIME')
local nowMs = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local burst = tonumber(ARGV[5])
local bucket = redis.call('HMGET', KEYS[2] .. ':rate', 'n', 'at')
local n = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or nowMs
n = math.min(burst, n + math.max(0, nowMs - at) * tonumber(ARGV[6]) / 1000)
if n < 1 then return 'too_frequent' end
redis.call('HSET', KEYS[2] .. ':rate', 'n', tostring(n - 1), 'at', nowMs)
redis.call('PEXPIRE', KEYS[2] .. ':rate', 60000)
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
redis.call('SET', KEYS[2] .. ':t', ARGV[2], 'EX', ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return false
`;

/**
 * Positions a vehicle may send at once, and per second after that. Phones send one a second
 * (the driver app at most every 0.9 s, the simulator every second); without a limit one driver's
 * token pushed a thousand a second to every office screen of the county and the vehicle's riders.
 */
export const POSITION_BURST = 10;
export const POSITION_PER_S = 2;

/** What became of a position offered to {@link LatestPositionStore.saveIfNewer}. */
export type SaveOutcome =
  | { kind: 'saved' }
  /** The vehicle already has a position from this time or later (epoch ms). */
  | { kind: 'not_newer'; storedMs: number }
  /** More positions than POSITION_BURST at once or POSITION_PER_S for a while. */
  | { kind: 'too_frequent' };

const TTL_S = 24 * 3600;
const ETA_TTL_S = 30 * 60;

/**
 * The latest position of each vehicle (and the latest ETA of each booking) in Redis, shared by
 * every gateway process: `${prefix}:rt:pos:v:<vehicleId>` (JSON of VehiclePositionEvent, for
 * the dispatch worker too) and the hash `${prefix}:rt:pos:county:<countyId>` (vehicle id -> JSON).
 */
@Injectable()
export class LatestPositionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /**
   * Stores the position unless one at the same or a later device time is stored already, or
   * the vehicle sends more often than POSITION_BURST / POSITION_PER_S allow.
   */
  async saveIfNewer(countyId: string, p: VehiclePositionEvent): Promise<SaveOutcome> {
    const r = (await this.redis.eval(
      SAVE_IF_NEWER,
      2,
      this.countyKey(countyId),
      this.vehicleKey(p.vehicleId),
      p.vehicleId,
      Date.parse(p.at),
      JSON.stringify(p),
      TTL_S,
      POSITION_BURST,
      POSITION_PER_S,
    )) as string | null;
    if (r === null) return { kind: 'saved' };
    if (r === 'too_frequent') return { kind: 'too_frequent' };
    return { kind: 'not_newer', storedMs: Number(r) };
  }

  async get(vehicleId: string): Promise<VehiclePositionEvent | null> {
    const raw = await this.redis.get(this.vehicleKey(vehicleId));
    return raw ? (JSON.parse(raw) as VehiclePositionEvent) : null;
  }

  async forCounty(countyId: string): Promise<VehiclePositionEvent[]> {
    const all = await this.redis.hvals(this.countyKey(countyId));
    return all.map((raw) => JSON.parse(raw) as VehiclePositionEvent);
  }

  async saveEta(eta: BookingEtaMessage): Promise<void> {
    await this.redis.set(this.etaKey(eta.bookingId), JSON.stringify(eta), 'EX', ETA_TTL_S);
  }

  async getEta(bookingId: string): Promise<BookingEtaMessage | null> {
    const raw = await this.redis.get(this.etaKey(bookingId));
    return raw ? (JSON.parse(raw) as BookingEtaMessage) : null;
  }

  private vehicleKey(vehicleId: string): string {
    return `${this.prefix}:rt:pos:v:${vehicleId}`;
  }
  private countyKey(countyId: string): string {
    return `${this.prefix}:rt:pos:county:${countyId}`;
  }
  private etaKey(bookingId: string): string {
    return `${this.prefix}:rt:eta:${bookingId}`;
  }
}
