import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * Structured JSON logs (pino), one line per event, tagged with the app's name. Request logs are
 * kept for errors and slow requests only, so `npm start` stays readable.
 */
export function railyardLoggerModule(app: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      name: app,
      level: process.env.LOG_LEVEL ?? 'info',
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
      quietReqLogger: true,
    },
  });
}
