import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetAccount } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { AdminOnly, Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { requestAmount } from '../../shared/minor-units';
import { AccountResponse, toAccountResponse } from '../account.response.dto';
import { SetAccountRequest } from './set-account.request.dto';

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
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiErrors(400, 413, 422, 429, 503, 504)
  async set(
    @Body() body: SetAccountRequest,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<AccountResponse> {
    const request: SetAccount = {
      customerId: body.customerId,
      balance: requestAmount(body.balance, 'balance'),
    };
    const account = await this.bus.request(SetAccount, request, {
      timeoutMs: attempt?.timeoutMs,
      messageId,
    });
    return toAccountResponse(account);
  }
}
