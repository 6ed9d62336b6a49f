import { DynamicModule, Module } from '@nestjs/common';
import {
  DISPATCH_QUEUE_CONNECTION,
  DISPATCH_RETRY_BUDGET,
  DispatchQueueProducer,
  DispatchRetryBudget,
} from './dispatch-queue.producer';
import { DecisionWaiter } from './decision-waiter';
import { EventPublisher } from './event-publisher';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RedisModule } from './redis.module';

/** Redis, the dispatch queue's producer side and the event publisher, for any app. */
@Module({})
export class MessagingModule {
  static forRoot(options: {
    redisUrl: string;
    prefix: string;
    dispatchRetries?: DispatchRetryBudget;
  }): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [RedisModule.forRoot({ url: options.redisUrl, prefix: options.prefix })],
      providers: [
        { provide: DISPATCH_QUEUE_CONNECTION, useValue: options.redisUrl },
        ...(options.dispatchRetries
          ? [{ provide: DISPATCH_RETRY_BUDGET, useValue: options.dispatchRetries }]
          : []),
        DispatchQueueProducer,
        EventPublisher,
        RedisThrottlerStorage,
        DecisionWaiter,
      ],
      exports: [DispatchQueueProducer, EventPublisher, RedisThrottlerStorage, DecisionWaiter],
    };
  }
}
