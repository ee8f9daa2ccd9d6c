import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { OpenRoute } from '@railyard/platform';
import { healthSummary } from './health-summary';
import { HEALTH_DETAILS_SHOWN, READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** What terminus answers for an empty list of checks, built once: liveness checks nothing. */
const LIVE: Readonly<HealthCheckResult> = Object.freeze({
  status: 'ok',
  info: {},
  error: {},
  details: {},
});

/**
 * `/health/live`: the process answers (restart it if not). `/health/ready` and `/health`: every
 * readiness check passes (send it traffic if so); 503 otherwise. Open to every caller: those
 * HealthModuleOptions.showDetails refuses get only up/down per check.
 */
@OpenRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(HEALTH_DETAILS_SHOWN) private readonly detailsShown: (request: unknown) => boolean,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness of this app and its checks' })
  @HealthCheck()
  overall(@Req() request: unknown) {
    return this.ready(request);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @HealthCheck()
  live(): Readonly<HealthCheckResult> {
    return LIVE;
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every check passes, or 503' })
  @HealthCheck()
  async ready(@Req() request: unknown): Promise<HealthCheckResult> {
    const shown = this.detailsShown(request)
      ? (result: HealthCheckResult) => result
      : healthSummary;
    try {
      return shown(await this.health.check(this.checks.map((c) => () => c.check())));
    } catch (error) {
      // Terminus answers a failing check with a 503 carrying the whole result.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      throw new ServiceUnavailableException(shown(error.getResponse() as HealthCheckResult));
    }
  }
}
