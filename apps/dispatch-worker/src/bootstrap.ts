import { AppConfig } from '@app/config';
import { serveMetrics, useJsonLogs } from '@app/observability';
import { HttpExceptionFilter } from '@app/http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { DispatchWorkerModule } from './app.module';

/**
 * The worker serves only /health/live and /health/ready (and /health, as ready), and /metrics
 * (Prometheus) over HTTP.
 */
export async function createDispatchWorker(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(DispatchWorkerModule.forRoot(config), {
    bufferLogs: true,
  });
  useJsonLogs(app);
  serveMetrics(app, { token: config.METRICS_TOKEN });
  app.use(helmet());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
