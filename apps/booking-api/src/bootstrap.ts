import { AppConfig } from '@app/config';
import { serveMetrics, useJsonLogs } from '@app/observability';
import {
  HttpExceptionFilter,
  installJsonBody,
  installSecurityHeaders,
  serveWebApps,
  strictValidationPipe,
} from '@app/http';
import { INestApplication, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BookingApiModule } from './app.module';

/** Builds the booking API; `main.ts` listens, tests use it in-process. */
export async function createBookingApi(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(BookingApiModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  useJsonLogs(app);
  serveMetrics(app, { token: config.METRICS_TOKEN });
  app.set('trust proxy', config.TRUST_PROXY);
  installSecurityHeaders(app, {
    realtimeUrl: config.PUBLIC_REALTIME_URL,
    realtimePort: config.REALTIME_GATEWAY_PORT,
  });
  installJsonBody(app.getHttpAdapter().getInstance());
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

  serveWebApps(app, config.WEB_DIR);
  // Off in production unless API_DOCS=true: the document maps every admin route for a prober.
  if (config.API_DOCS) serveApiDocs(app);
  return app;
}

/** Swagger UI at /docs, the OpenAPI document at /docs/openapi.json. */
function serveApiDocs(app: INestApplication): void {
  const doc = new DocumentBuilder()
    .setTitle('Kusel ride pooling: booking API')
    .setDescription(
      'Book shared rides in Landkreis Kusel; the transport office describes the service.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
}
