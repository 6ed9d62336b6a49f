export * from './redis.module';
export * from './event-publisher';
export * from './dispatch-queue.producer';
export * from './messaging.module';
export * from './redis-throttler.storage';
export * from './decision-waiter';
