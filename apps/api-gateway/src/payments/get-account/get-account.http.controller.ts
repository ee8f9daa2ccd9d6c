import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetAccount } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { AttemptContext, CurrentAttempt, RequestMessageId, Resilient } from '@railyard/resilience';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { assertMayActFor } from '../../auth/customer-access';
import { Principal } from '../../auth/principal';
import { Secured } from '../../auth/route-access.decorators';
import { ApiErrors } from '../../http/api-errors.decorator';
import { apiSchemaRef } from '../../http/api-schemas';
import { ParsedParams } from '../../http/parsed-arguments';
import { customerIdParams, CustomerIdParams } from '../../http/id.params';
import { accountResponse, AccountResponse, toAccountResponse } from '../account.response';

@ApiTags('payments')
@Secured()
@Controller('payments/accounts')
export class GetAccountHttpController {
  constructor(private readonly bus: MessageBus) {}

  @Get(':customerId')
  @ApiOperation({ summary: "Read a customer's account balance" })
  @Resilient('payment')
  @ApiOkResponse({ schema: apiSchemaRef(accountResponse) })
  @ApiErrors(400, 404, 429, 503, 504)
  async get(
    @ParsedParams(customerIdParams) { customerId }: CustomerIdParams,
    @CurrentPrincipal() principal: Principal,
    @RequestMessageId() messageId: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ): Promise<AccountResponse> {
    assertMayActFor(principal, customerId);
    const account = await this.bus.request(
      GetAccount,
      { customerId },
      { timeoutMs: attempt?.timeoutMs, messageId },
    );
    return toAccountResponse(account);
  }
}
