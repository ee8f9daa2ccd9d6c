import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, OPTIONAL_APP_CONFIG, requireAppConfig } from '../config/app-config';
import { commonEnvSchema } from '../config/common-env.schema';
import { LOG_REDACTION } from './log-redaction';

const LOG_SECTION = commonEnvSchema.pick({ LOG_LEVEL: true });

/**
 * Structured JSON logs (pino), one line per event, tagged with the app's name. Request logs are
 * kept for errors and slow requests only, so `npm start` stays readable. The health probes
 * (`/health`, `/health/live`, `/health/ready`) skip the request logger altogether: they were
 * never logged, and building a child logger per probe cost ~70 µs of CPU (profiled under
 * `npm run bench -- --only gateway`). A log line written while serving a probe has no request
 * fields.
 */
export function railyardLoggerModule(app: string): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [OPTIONAL_APP_CONFIG],
    useFactory: (appConfig?: AppConfig) => ({
      pinoHttp: {
        name: app,
        level: requireAppConfig(appConfig, 'the logger').section(LOG_SECTION, 'the logger')
          .LOG_LEVEL,
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
        quietReqLogger: true,
        // Request logs of 4xx and 5xx carry the headers: no credential may reach the log.
        redact: LOG_REDACTION,
      },
      exclude: [{ path: 'health{/*probe}', method: RequestMethod.ALL }],
    }),
  });
}
