import { HealthCheckResult } from '@nestjs/terminus';

type Checks = HealthCheckResult['details'];

/** Each check reduced to its up/down status: what a caller without details sees. */
export function healthSummary(result: HealthCheckResult): HealthCheckResult {
  return {
    status: result.status,
    ...(result.info ? { info: statusesOnly(result.info) } : {}),
    ...(result.error ? { error: statusesOnly(result.error) } : {}),
    details: statusesOnly(result.details),
  };
}

function statusesOnly(checks: Partial<Checks>): Checks {
  const entries = Object.entries(checks).flatMap(([name, check]) =>
    check ? [[name, { status: check.status }] as const] : [],
  );
  return Object.fromEntries(entries) as Checks;
}
