import { EventPayloads } from '@app/contracts';
import { currentRequestId } from '@app/observability';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, REDIS_PREFIX } from './redis.module';

/** Announces changes on Redis pub/sub for the realtime gateway and waiting requests. */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
  ) {}

  channel(name: keyof EventPayloads): string {
    return `${this.prefix}:${name}`;
  }

  async publish<C extends keyof EventPayloads>(name: C, payload: EventPayloads[C]): Promise<void> {
    // The request (HTTP or dispatch job) that caused the change travels with it (issue 12).
    const requestId = currentRequestId();
    const body = requestId && !('requestId' in payload) ? { ...payload, requestId } : payload;
    await this.redis.publish(this.channel(name), JSON.stringify(body));
  }
}
