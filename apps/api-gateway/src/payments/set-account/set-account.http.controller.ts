import { Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetAccount } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedBody } from '../../http/parsed-arguments';
import { accountResponse, AccountResponse, toAccountResponse } from '../account.response';
import { setAccountRequest, SetAccountRequest } from './set-account.request';

@ApiTags('payments')
@Secured()
@Controller('payments/accounts')
export class SetAccountHttpController {
  constructor(private readonly bus: MessageBus) {}

  /** Creates the account or replaces its balance: idempotent, so it may be retried. */
  @Post()
  @ApiOperation({ summary: "Set a customer's account balance (admin)" })
  @AdminOnly()
  @Resilient('payment', { idempotent: true })
  @ApiCreatedResponse({ schema: apiSchemaRef(accountResponse) })
  @ApiErrors(400, 413, 422, 429, 503, 504)
  async set(
    @ParsedBody(setAccountRequest) body: SetAccountRequest,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<AccountResponse> {
    // Parsed, the body is the message's payload (the balance in minor units).
    const request: SetAccount = body;
    const account = await this.bus.request(SetAccount, request, {
      timeoutMs: attempt?.timeoutMs,
      messageId,
    });
    return toAccountResponse(account);
  }
}
