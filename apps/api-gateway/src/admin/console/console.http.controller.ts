import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ConsoleOverviewReader } from './console-overview.reader';
import { ConsoleOverview, consoleOverview } from './console-overview.schemas';
import { ConsoleStreamHub } from './console-stream.hub';
import { openEventStream } from './sse-response';

/**
 * The console's live view, for admins (issue 17): the overview once, or as a stream of
 * server-sent events fed by one shared poller. A plain GET, so the page reads the stream with
 * fetch and its Authorization header (EventSource can send no header).
 */
@ApiTags('admin')
@Secured()
@AdminOnly()
@Controller('admin')
export class ConsoleHttpController {
  constructor(
    private readonly overview: ConsoleOverviewReader,
    private readonly hub: ConsoleStreamHub,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary: "This gateway's breakers and bulkheads, and every service's status (admin)",
  })
  @ApiOkResponse({ schema: apiSchemaRef(consoleOverview) })
  read(): Promise<ConsoleOverview> {
    return this.overview.read();
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'Server-sent events every CONSOLE_STREAM_INTERVAL_MS: `overview` (a ConsoleOverview) and ' +
      "`sagas` (each saga host's 50 most recently updated sagas, by service); a heartbeat " +
      'comment every 15 s (admin)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream, open until the client leaves' })
  @ApiErrors(429, 503)
  stream(@Res() response: Response): void {
    const unsubscribe = this.hub.subscribe(() => openEventStream(response));
    response.on('close', unsubscribe);
  }
}
