import { BookingEtaMessage, VehiclePositionEvent } from '@app/contracts';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';

// Keeps a position only if it is newer than the one stored; returns the stored time otherwise.
// KEYS: county hash, vehicle key. ARGV: vehicle id, epoch ms, JSON, ttl s.
const SAVE_IF_NEWER = `
local cur = redis.call('GET', KEYS[2] .. ':t')
if cur and tonumber(cur) >= tonumber(ARGV[2]) then return cur end
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
redis.call('SET', KEYS[2] .. ':t', ARGV[2], 'EX', ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return false
`;

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
   * Stores the position unless one at the same or a later device time is stored already.
   * @returns null when stored, else the device time (epoch ms) of the newer stored position.
   */
  async saveIfNewer(countyId: string, p: VehiclePositionEvent): Promise<number | null> {
    const newer = (await this.redis.eval(
      SAVE_IF_NEWER,
      2,
      this.countyKey(countyId),
      this.vehicleKey(p.vehicleId),
      p.vehicleId,
      Date.parse(p.at),
      JSON.stringify(p),
      TTL_S,
    )) as string | null;
    return newer === null ? null : Number(newer);
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
