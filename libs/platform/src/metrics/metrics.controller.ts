import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Inject,
  NotFoundException,
  Optional,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenRoute } from '../http/open-route.decorator';
import { MetricsRegistry } from './metrics-registry';

/** Decides whether a request may read `/metrics` (the gateway: admins only). */
export const METRICS_ALLOWED = Symbol('METRICS_ALLOWED');

interface TextResponse {
  type(contentType: string): unknown;
  send(body: string): unknown;
}

/**
 * `GET /metrics`: this app's metrics in Prometheus' text format. Open to a scraper without a token
 * on a service's own port; an app on a public port narrows it with MetricsModuleOptions.allowed.
 * Left out of the OpenAPI document: it is for Prometheus, not for API clients.
 */
@ApiExcludeController()
@OpenRoute()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_ALLOWED) private readonly allowed: (request: unknown) => boolean,
    /** Undefined when metrics are off (METRICS_ENABLED=false). */
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: unknown, @Res() response: TextResponse): Promise<void> {
    if (!this.allowed(request)) throw new ForbiddenException('metrics are for operators');
    if (!this.metrics) throw new NotFoundException('metrics are off (METRICS_ENABLED=false)');
    const text = await this.metrics.metrics();
    response.type(this.metrics.contentType);
    response.send(text);
  }
}
