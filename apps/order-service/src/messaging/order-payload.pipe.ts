import { MessageContract, OrderErrors } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import type { z } from 'zod/v4';

/** order-service answers a bad payload with its own code, INVALID_ORDER, not INVALID_MESSAGE. */
export function orderPayloadPipe<P extends z.ZodType>(contract: MessageContract<P>) {
  return new ContractPipe(contract, { invalidCode: OrderErrors.invalid });
}
