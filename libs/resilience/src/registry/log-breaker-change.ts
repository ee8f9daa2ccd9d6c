import { LoggerService } from '@nestjs/common';
import { BreakerStateChange } from '../policies/breaker-state';
import { ResilienceSettings } from '../settings/resilience-settings';

/** One log line per state change: an opening is a warning (someone should look), the rest news. */
export function logBreakerChange(
  logger: LoggerService,
  change: BreakerStateChange,
  settings: ResilienceSettings['breaker'],
): void {
  const { downstream, from, to, reason } = change;
  if (to === 'open') {
    logger.warn(
      `circuit of ${downstream} opened (was ${from}); failing fast for ${settings.recoveryMs} ms` +
        (reason ? `; last failure: ${reason}` : ''),
    );
  } else if (to === 'half-open') {
    logger.log(
      `circuit of ${downstream} half-open: trial calls pass, ${settings.successThreshold} ` +
        'consecutive successes close it, one failure opens it again',
    );
  } else {
    logger.log(`circuit of ${downstream} ${to} (was ${from})`);
  }
}
