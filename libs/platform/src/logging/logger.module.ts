import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, OPTIONAL_APP_CONFIG, requireAppConfig } from '../config/app-config';
import { commonEnvSchema } from '../config/common-env.schema';
import { PROBE_ROUTES } from '../http/probe-routes';
import { currentLogContext } from './log-context';
import { LOG_REDACTION } from './log-redaction';
import { prettyLogStream } from './pretty-log-stream';
import { RequestContextMiddleware } from './request-context.middleware';
import { requestIdOf } from './request-id';

const LOG_SECTION = commonEnvSchema.pick({ LOG_LEVEL: true, LOG_FORMAT: true });

/** Serves every HTTP request in its log context (see RequestContextMiddleware). */
@Module({})
class RailyardLoggerModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestContextMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/**
 * Structured JSON logs (pino), one line per event, tagged with the app's name and with what the
 * work in progress is about (request id, correlation, message id and type, aggregate: see
 * LogContext); readable ones on a terminal. Request logs are kept for errors and slow requests
 * only, so `npm start` stays readable. The health probes and `/metrics` (PROBE_ROUTES) skip the
 * request logger altogether: polled every few seconds, never logged, and building a child logger
 * per probe cost ~70 µs of CPU (profiled under `npm run bench -- --only gateway`).
 */
export function railyardLoggerModule(
  app: string,
  /** Where JSON lines go instead of stdout (tests read them back). */
  destination?: DestinationStream,
): DynamicModule {
  return {
    module: RailyardLoggerModule,
    imports: [
      LoggerModule.forRootAsync({
        inject: [OPTIONAL_APP_CONFIG],
        useFactory: (appConfig?: AppConfig): Params => {
          const { LOG_LEVEL, LOG_FORMAT } = requireAppConfig(appConfig, 'the logger').section(
            LOG_SECTION,
            'the logger',
          );
          const pretty = LOG_FORMAT === 'pretty' || (LOG_FORMAT === 'auto' && process.stdout.isTTY);
          const options = {
            name: app,
            level: LOG_LEVEL,
            mixin: () => currentLogContext() ?? {},
            genReqId: requestIdOf,
            customLogLevel: (_req: unknown, res: { statusCode: number }, error?: Error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
            quietReqLogger: true,
            // Request logs of 4xx and 5xx carry the headers: no credential may reach the log.
            redact: LOG_REDACTION,
          } as const;
          return {
            pinoHttp: destination
              ? [options, destination]
              : pretty
                ? [options, prettyLogStream()]
                : options,
            exclude: [...PROBE_ROUTES],
          };
        },
      }),
    ],
  };
}
