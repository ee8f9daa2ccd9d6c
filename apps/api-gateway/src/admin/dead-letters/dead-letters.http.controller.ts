import { Controller, Get, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  deadLetterAdminContracts,
  DeadLetterOutcomeView,
  DeadLetterPageView,
  DeadLetterView,
} from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedBody, ParsedParams } from '../../http/parsed-arguments';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import {
  deadLetterListQuery,
  DeadLetterListQuery,
  deadLetterOutcomeResponse,
  deadLetterPageResponse,
  deadLetterParams,
  DeadLetterParams,
  deadLetterEditRequest,
  DeadLetterEditRequest,
  deadLetterResponse,
  deadLetterSelectionRequest,
  DeadLetterSelectionRequest,
  serviceParams,
  ServiceParams,
} from './dead-letters.schemas';

/**
 * Past the usual request timeout: a Kafka service reads its dead-letter topics through a consumer
 * group joined for the call (seconds), and a replay of 500 waits for 500 publishes.
 */
const ADMIN_TIMEOUT = { timeoutMs: 30_000 };

/**
 * A service's dead letters, for admins (issue 17). Each route asks the service over the bus (its
 * transport answers the dead-letter admin requests): the gateway reads no service's database.
 * Only these routes send those requests, so the admin guard here is what protects them.
 */
@ApiTags('admin')
@Secured()
@AdminOnly()
@Controller('admin/dead-letters')
export class DeadLettersHttpController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':service')
  @ApiOperation({ summary: "List a service's dead letters, oldest first (admin)" })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiQuery({ name: 'after', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: apiSchemaRef(deadLetterPageResponse) })
  @ApiErrors(400, 503, 504)
  list(
    @ParsedParams(serviceParams) { service }: ServiceParams,
    @Query(new ZodValidationPipe(deadLetterListQuery)) query: DeadLetterListQuery,
  ): Promise<DeadLetterPageView> {
    return this.bus.request(deadLetterAdminContracts(service).list, query, ADMIN_TIMEOUT);
  }

  @Get(':service/:id')
  @ApiOperation({ summary: 'Show one dead letter (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(deadLetterResponse) })
  @ApiErrors(400, 404, 503, 504)
  async show(
    @ParsedParams(deadLetterParams) { service, id }: DeadLetterParams,
  ): Promise<DeadLetterView> {
    const { entry } = await this.bus.request(
      deadLetterAdminContracts(service).show,
      { id },
      ADMIN_TIMEOUT,
    );
    if (!entry) throw new NotFoundException(`no dead letter ${id} in ${service}`);
    return entry;
  }

  /** Delivers them again where they were consumed from, with their message ids (inboxes dedupe). */
  @Post(':service/replay')
  @ApiOperation({ summary: 'Replay dead letters, by id or all (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(deadLetterOutcomeResponse) })
  @ApiErrors(400, 503, 504)
  replay(
    @ParsedParams(serviceParams) { service }: ServiceParams,
    @ParsedBody(deadLetterSelectionRequest) selection: DeadLetterSelectionRequest,
  ): Promise<DeadLetterOutcomeView> {
    return this.bus.request(deadLetterAdminContracts(service).replay, selection, ADMIN_TIMEOUT);
  }

  /**
   * Delivers one again with a corrected payload, keeping its message id, type, headers and
   * destination: the consumer's inbox still deduplicates it. An unknown id is in `missing`.
   */
  @Post(':service/:id/replay-edited')
  @ApiOperation({ summary: 'Replay one dead letter with a corrected payload (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(deadLetterOutcomeResponse) })
  @ApiErrors(400, 413, 503, 504)
  replayEdited(
    @ParsedParams(deadLetterParams) { service, id }: DeadLetterParams,
    @ParsedBody(deadLetterEditRequest) { payload }: DeadLetterEditRequest,
  ): Promise<DeadLetterOutcomeView> {
    return this.bus.request(
      deadLetterAdminContracts(service).replayEdited,
      { id, payload },
      ADMIN_TIMEOUT,
    );
  }

  @Post(':service/discard')
  @ApiOperation({ summary: 'Discard dead letters, by id or all (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(deadLetterOutcomeResponse) })
  @ApiErrors(400, 503, 504)
  discard(
    @ParsedParams(serviceParams) { service }: ServiceParams,
    @ParsedBody(deadLetterSelectionRequest) selection: DeadLetterSelectionRequest,
  ): Promise<DeadLetterOutcomeView> {
    return this.bus.request(deadLetterAdminContracts(service).discard, selection, ADMIN_TIMEOUT);
  }
}
