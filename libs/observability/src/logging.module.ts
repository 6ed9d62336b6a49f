import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import { Writable } from 'node:stream';
import type { DestinationStream, Level } from 'pino';
import { REDACT_PATHS, REDACTED, scrubDeep, scrubText, scrubUrl } from './redact';
import { currentRequestId, requestIdMiddleware } from './request-context';

export interface LoggingOptions {
  /** The app's name, on every line as `app`. */
  app: string;
  /** pino level (LOG_LEVEL). */
  level: Level | 'silent';
  /**
   * Leave sign-in codes readable: only for NODE_ENV=development, where the logging SMS adapter
   * puts the code in the log for the developer. Phone numbers are masked always.
   */
  revealCodes?: boolean;
}

let destination: DestinationStream = process.stdout;

/**
 * Where log lines go: standard output, one JSON object per line. Tests point it at a buffer to
 * read what an operator would see; set it before the app is created.
 */
export function setLogDestination(stream: DestinationStream | Writable): void {
  destination = stream as DestinationStream;
}

/** Forwards to the current destination, so a test can swap it after the module was built. */
const forwarding: DestinationStream = { write: (line: string) => destination.write(line) };

const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Structured JSON logs through pino (nestjs-pino): `LOG_LEVEL` honoured, the request id on every
 * line of a request or dispatch job (`requestId`), no phone numbers, codes or credentials
 * (see redact.ts). Apps call `app.useLogger(app.get(Logger))` so Nest's own lines go here too.
 */
@Module({})
export class LoggingModule {
  static forRoot(opts: LoggingOptions): DynamicModule {
    const scrub = { codes: !opts.revealCodes };
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: opts.level,
              base: { app: opts.app },
              messageKey: 'msg',
              formatters: {
                level: (label) => ({ level: label }),
                log: (record) => scrubDeep(record, scrub),
              },
              mixin: () => {
                const requestId = currentRequestId();
                return requestId ? { requestId } : {};
              },
              hooks: {
                logMethod(args, method) {
                  const scrubbed = args.map((a) =>
                    typeof a === 'string' ? scrubText(a, scrub) : a,
                  );
                  return method.apply(this, scrubbed as Parameters<typeof method>);
                },
              },
              redact: { paths: REDACT_PATHS, censor: REDACTED },
              // requestIdMiddleware has set req.id already (pino-http's default takes it).
              autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
              customProps: () => ({}),
              serializers: {
                req: (req: { id?: unknown; method?: string; url?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: scrubUrl(req.url ?? ''),
                }),
                res: (res: { statusCode?: number | null; raw?: { statusCode?: number } }) => ({
                  statusCode: res.raw?.statusCode ?? res.statusCode,
                }),
              },
            },
            forwarding,
          ],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/**
 * For each app's bootstrap, right after NestFactory.create (with `bufferLogs: true`): request ids
 * on HTTP requests, and Nest's own log lines through pino.
 */
export function useJsonLogs(app: INestApplication): void {
  app.use(requestIdMiddleware);
  app.useLogger(app.get(Logger));
  // Nest flushes what it buffered during start-up only on listen(); flush now, so an app that is
  // only init()ed (tests, workers) does not keep buffering every later line.
  app.flushLogs();
}
