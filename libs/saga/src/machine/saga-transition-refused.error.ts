import { SagaAdminErrors } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';

/**
 * An operator's retry or abort that the saga's state does not allow (a retry once it ended, an
 * abort unless it runs). Over the bus its code reaches the gateway, which answers 409.
 */
export class SagaTransitionRefusedError extends CodedError {
  constructor(message: string) {
    super(SagaAdminErrors.conflict, message);
    this.name = 'SagaTransitionRefusedError';
  }
}
