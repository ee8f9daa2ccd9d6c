import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/** What terminus answers for an empty list of checks, built once: liveness checks nothing. */
const LIVE: Readonly<HealthCheckResult> = Object.freeze({
  status: 'ok',
  info: {},
  error: {},
  details: {},
});

/**
 * `/health/live`: the process answers (restart it if not). `/health/ready` and `/health`: every
 * readiness check passes (send it traffic if so); 503 with details otherwise.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get()
  @HealthCheck()
  overall() {
    return this.ready();
  }

  @Get('live')
  @HealthCheck()
  live(): Readonly<HealthCheckResult> {
    return LIVE;
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.checks.map((c) => () => c.check()));
  }
}
