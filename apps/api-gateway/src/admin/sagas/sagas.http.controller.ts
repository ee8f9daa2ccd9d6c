import { Controller, Get, HttpCode, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  SAGA_ADMIN_LIMITS,
  SAGA_HOSTS,
  SAGA_STATUSES,
  sagaAdminContracts,
  SagaAdminContracts,
  SagaDetailView,
  SagaPageView,
} from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedBody, ParsedParams } from '../../http/parsed-arguments';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import {
  hostsSagas,
  sagaActionRequest,
  SagaActionRequest,
  sagaDetailResponse,
  sagaListQuery,
  SagaListQuery,
  sagaPageResponse,
  sagaParams,
  SagaParams,
  sagaServiceParams,
  SagaServiceParams,
} from './sagas.schemas';

/** A saga's transition commits in one transaction: seconds at most, unless the database is stuck. */
const ADMIN_TIMEOUT = { timeoutMs: 15_000 };

/**
 * A service's sagas, for admins (issue 17): find the stuck ones, read one's timeline, resend what
 * it awaits or abort it (it then compensates). Each route asks the service over the bus (its
 * SagaModule answers): the gateway reads no service's database. Only these routes send those
 * requests, so the admin guard here is what protects them.
 */
@ApiTags('admin')
@Secured()
@AdminOnly()
@Controller('admin/sagas')
export class SagasHttpController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':service')
  @ApiOperation({
    summary: "List a service's sagas by state and age, most recently updated first (admin)",
  })
  @ApiQuery({
    name: 'status',
    required: false,
    description: 'repeated or comma-separated',
    schema: { type: 'array', items: { type: 'string', enum: [...SAGA_STATUSES] } },
  })
  @ApiQuery({
    name: 'olderThanSeconds',
    required: false,
    description: 'only sagas not updated for at least this long',
    schema: { type: 'integer', minimum: 0, maximum: SAGA_ADMIN_LIMITS.maxOlderThanSeconds },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: SAGA_ADMIN_LIMITS.maxPerPage },
  })
  @ApiQuery({ name: 'after', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ schema: apiSchemaRef(sagaPageResponse) })
  @ApiErrors(400, 404, 503, 504)
  list(
    @ParsedParams(sagaServiceParams) { service }: SagaServiceParams,
    @Query(new ZodValidationPipe(sagaListQuery)) { status, ...query }: SagaListQuery,
  ): Promise<SagaPageView> {
    return this.bus.request(
      contractsOf(service).list,
      { ...query, statuses: status },
      ADMIN_TIMEOUT,
    );
  }

  @Get(':service/:id')
  @ApiOperation({ summary: 'Show one saga: its context, steps and timeline (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(sagaDetailResponse) })
  @ApiErrors(400, 404, 503, 504)
  async show(@ParsedParams(sagaParams) { service, id }: SagaParams): Promise<SagaDetailView> {
    const { saga } = await this.bus.request(contractsOf(service).show, { id }, ADMIN_TIMEOUT);
    if (!saga) throw new NotFoundException(`no saga ${id} in ${service}`);
    return saga;
  }

  /** 409 once COMPLETED or COMPENSATED: nothing is awaited any more. */
  @Post(':service/:id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the awaited action or compensation again now, with a fresh deadline (admin)',
  })
  @ApiOkResponse({ schema: apiSchemaRef(sagaDetailResponse) })
  @ApiErrors(400, 404, 409, 503, 504)
  retry(
    @ParsedParams(sagaParams) params: SagaParams,
    @ParsedBody(sagaActionRequest) { reason }: SagaActionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SagaDetailView> {
    return this.operate('retry', params, reason, principal);
  }

  /** 409 unless RUNNING: a compensating saga is already being made safe, and cannot be stopped. */
  @Post(':service/:id/abort')
  @HttpCode(200)
  @ApiOperation({ summary: 'Abort a RUNNING saga: it compensates from its current step (admin)' })
  @ApiOkResponse({ schema: apiSchemaRef(sagaDetailResponse) })
  @ApiErrors(400, 404, 409, 503, 504)
  abort(
    @ParsedParams(sagaParams) params: SagaParams,
    @ParsedBody(sagaActionRequest) { reason }: SagaActionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SagaDetailView> {
    return this.operate('abort', params, reason, principal);
  }

  /** A retry or an abort, in the name of the token's subject (the saga's log says who). */
  private operate(
    operation: 'retry' | 'abort',
    { service, id }: SagaParams,
    reason: string | undefined,
    principal: Principal,
  ): Promise<SagaDetailView> {
    const payload = { id, by: principal.subject, reason };
    return this.bus.request(contractsOf(service)[operation], payload, ADMIN_TIMEOUT);
  }
}

/** The saga admin requests of `service`, or a 404 when it runs no sagas (none is asked). */
function contractsOf(service: string): SagaAdminContracts {
  if (!hostsSagas(service)) {
    throw new NotFoundException({
      message: `${service} runs no sagas; sagas run in ${SAGA_HOSTS.join(', ')}`,
      details: { code: 'SAGA_HOST_NOT_FOUND' },
    });
  }
  return sagaAdminContracts(service);
}
