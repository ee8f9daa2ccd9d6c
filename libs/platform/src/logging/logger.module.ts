import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { AppConfig, OPTIONAL_APP_CONFIG, requireAppConfig } from '../config/app-config';
import { commonEnvSchema } from '../config/common-env.schema';
import { currentLogContext } from './log-context';
import { LOG_REDACTION } from './log-redaction';
import { prettyLogStream } from './pretty-log-stream';
import { REQUEST_END_LOGGER, RequestContextMiddleware } from './request-context.middleware';

const LOG_SECTION = commonEnvSchema.pick({ LOG_LEVEL: true, LOG_FORMAT: true });

/** Serves every HTTP request in its log context and logs its end (see RequestContextMiddleware). */
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
 * LogContext); readable ones on a terminal. Request ends are logged for errors and refusals only
 * at the default level, so `npm start` stays readable; the health probes and `/metrics` never.
 *
 * nestjs-pino provides Nest's logger (its Logger and PinoLogger) over this app's one pino
 * instance; its pino-http middleware is not mounted (`useExisting`, no routes): a request's id and
 * log context come from RequestContextMiddleware, which also writes the request's end line.
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
            // Request end lines carry the headers: no credential may reach the log.
            redact: LOG_REDACTION,
          };
          const stream = destination ?? (pretty ? prettyLogStream() : undefined);
          const logger = stream ? pino(options, stream) : pino(options);
          return { pinoHttp: { logger }, useExisting: true, forRoutes: [] };
        },
      }),
    ],
    providers: [
      {
        provide: REQUEST_END_LOGGER,
        inject: [PARAMS_PROVIDER_TOKEN],
        useFactory: (params: Params): Logger => (params.pinoHttp as { logger: Logger }).logger,
      },
    ],
  };
}
