import { PipeTransform } from '@nestjs/common';
import { MessageContract } from '@railyard/contracts';
import type { z } from 'zod/v4';
import { parsePayload } from '@railyard/platform';

export interface ContractPipeOptions {
  /** The error code a bad payload is answered with; INVALID_MESSAGE unless the service has its own. */
  invalidCode?: string;
}

/**
 * `@Payload(new ContractPipe(ReserveStock)) payload: ReserveStock`: the handler receives the
 * payload parsed by its contract's schema. A bad one never reaches it: the pipe throws a
 * non-retryable CodedError naming every bad field, so an event goes to the dead letter at once and
 * a request is answered with the code.
 */
export class ContractPipe<P extends z.ZodType> implements PipeTransform<unknown, z.output<P>> {
  constructor(
    private readonly contract: MessageContract<P>,
    private readonly options: ContractPipeOptions = {},
  ) {}

  transform(value: unknown): z.output<P> {
    return parsePayload(this.contract.payload, value, {
      code: this.options.invalidCode,
      what: this.contract.type,
    });
  }
}
