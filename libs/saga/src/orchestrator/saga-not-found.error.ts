import { SagaAdminErrors } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';

/** An operator named a saga this service does not have (any more): the gateway answers 404. */
export class SagaNotFoundError extends CodedError {
  constructor(id: string) {
    super(SagaAdminErrors.notFound, `no saga ${id}`, { id });
    this.name = 'SagaNotFoundError';
  }
}
