import { SagaStatus } from '../machine/saga-state';

/** Sagas by status (e.g. FAILED ones that need an operator), newest first. */
export class FindSagasQuery {
  constructor(
    readonly status?: SagaStatus,
    readonly limit = 100,
  ) {}
}
