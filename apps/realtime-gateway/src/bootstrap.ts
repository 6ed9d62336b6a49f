import { AppConfig } from '@app/config';
import { serveMetrics, useJsonLogs } from '@app/observability';
import { HttpExceptionFilter } from '@app/http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { RealtimeGatewayModule } from './app.module';
import { RedisIoAdapter } from './redis-io.adapter';

export async function createRealtimeGateway(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(RealtimeGatewayModule.forRoot(config), {
    bufferLogs: true,
  });
  useJsonLogs(app);
  serveMetrics(app, { token: config.METRICS_TOKEN });
  app.use(helmet());
  const adapter = new RedisIoAdapter(
    app,
    config.REDIS_URL,
    config.REDIS_PREFIX,
    config.PUBLIC_ORIGINS,
  );
  await adapter.connect();
  app.useWebSocketAdapter(adapter);
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
