import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ServiceStatusParts } from '@railyard/messaging';
import { UnitOfWork } from '@railyard/persistence';
import { countSagasByStatus } from './saga-counts';

/** Puts saga counts by status in the status answer of the service hosting them. */
@Injectable()
export class SagaStatusPart implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    @Optional() private readonly parts?: ServiceStatusParts,
  ) {}

  onModuleInit(): void {
    this.parts?.add('sagas', () => countSagasByStatus(this.uow));
  }
}
