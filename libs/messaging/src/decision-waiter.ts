import { BookingChangedEvent, EventChannel } from '@app/contracts';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, REDIS_PREFIX } from './redis.module';

/**
 * Lets a request wait briefly for the dispatch worker's decision on a booking, listening to the
 * booking-changed announcements on one shared Redis subscription (opened on first use).
 */
@Injectable()
export class DecisionWaiter implements OnApplicationShutdown {
  private readonly log = new Logger(DecisionWaiter.name);
  private sub?: Redis;
  private ready?: Promise<void>;
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  /**
   * Starts listening for a decision on `bookingId`; call before handing the booking to the
   * worker, then await `wait(ms)`. Resolves true on a decision, false on time-out.
   */
  async expect(bookingId: string): Promise<{ wait(ms: number): Promise<boolean> }> {
    await this.subscribe();
    let done!: () => void;
    const decided = new Promise<boolean>((resolve) => (done = () => resolve(true)));
    const set = this.waiting.get(bookingId) ?? new Set();
    set.add(done);
    this.waiting.set(bookingId, set);
    return {
      wait: async (ms) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<boolean>(
          (resolve) => (timer = setTimeout(() => resolve(false), ms)),
        );
        try {
          return await Promise.race([decided, timeout]);
        } finally {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) this.waiting.delete(bookingId);
        }
      },
    };
  }

  private subscribe(): Promise<void> {
    this.ready ??= (async () => {
      const channel = `${this.prefix}:${EventChannel.bookingChanged}`;
      this.sub = this.redis.duplicate({ connectionName: `${this.prefix}-decision-waiter` });
      this.sub.on('message', (_ch: string, raw: string) => {
        try {
          const e = JSON.parse(raw) as BookingChangedEvent;
          if (e.status === 'requested') return;
          for (const done of this.waiting.get(e.bookingId) ?? []) done();
        } catch (err) {
          this.log.warn(`unreadable announcement: ${(err as Error).message}`);
        }
      });
      await this.sub.subscribe(channel);
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.disconnect();
  }
}
