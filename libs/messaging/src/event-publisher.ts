import { EventPayloads } from '@app/contracts';
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
    await this.redis.publish(this.channel(name), JSON.stringify(payload));
  }
}
