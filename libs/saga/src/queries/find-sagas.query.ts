import { SagaStatus } from '../machine/saga-state';

/** Sagas by status (e.g. COMPENSATING ones, stuck or not), newest first. */
export class FindSagasQuery {
  constructor(
    readonly status?: SagaStatus,
    readonly limit = 100,
  ) {}
}
