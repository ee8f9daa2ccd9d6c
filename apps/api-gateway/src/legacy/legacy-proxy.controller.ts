import { All, Controller, Req, Res, Type, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AttemptContext, CurrentAttempt, Resilient } from '@railyard/resilience';
import { ProxyResponse, writeAnswer } from './answer-writer';
import { LegacyServerError } from './legacy-answer';
import { LegacyAnswerFilter } from './legacy-answer.filter';
import { LegacyUpstream, ProxiedRequest } from './legacy-upstream';

/**
 * Strangler fig: a controller for the path prefixes the legacy application still owns. Built at
 * start from LEGACY_ROUTES and registered before the gateway's own routes, so a prefix listed
 * there wins; removing it hands the path to the service behind the gateway, by configuration
 * alone. Calls go through the `legacy` policy: timeout, breaker, retry for idempotent methods.
 */
export function legacyProxyController(routes: string[]): Type<unknown> {
  @ApiExcludeController()
  @Controller(routes)
  @UseFilters(LegacyAnswerFilter)
  class LegacyProxyController {
    constructor(private readonly upstream: LegacyUpstream) {}

    @All(['', '{*rest}'])
    @Resilient('legacy')
    async proxy(
      @Req() request: ProxiedRequest,
      @Res() response: ProxyResponse,
      @CurrentAttempt() attempt?: AttemptContext,
    ): Promise<void> {
      const answer = await this.upstream.forward(request, attempt?.signal);
      if (answer.status >= 500) throw new LegacyServerError(answer);
      // An attempt the policy gave up on must not answer over the error sent meanwhile.
      if (attempt?.signal.aborted) return;
      writeAnswer(response, answer, request.method);
    }
  }
  return LegacyProxyController;
}
