import { AppConfig } from '@app/config';
import { HttpExceptionFilter } from '@app/http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RealtimeGatewayModule } from './app.module';
import { RedisIoAdapter } from './redis-io.adapter';

export async function createRealtimeGateway(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(RealtimeGatewayModule.forRoot(config), {
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : undefined,
  });
  const adapter = new RedisIoAdapter(app, config.REDIS_URL, config.REDIS_PREFIX);
  await adapter.connect();
  app.useWebSocketAdapter(adapter);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
