import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { ServiceStatusParts } from '@railyard/messaging';
import { OutboxAdmin } from './outbox-admin';

/** Puts the outbox's backlog in the service's status answer (`<service>.admin.status`). */
@Injectable()
export class OutboxStatusPart implements OnModuleInit {
  constructor(
    private readonly admin: OutboxAdmin,
    // Absent in an app without MessagingModule (a migration tool): nothing to answer then.
    @Optional() private readonly parts?: ServiceStatusParts,
  ) {}

  onModuleInit(): void {
    this.parts?.add('outbox', () => this.admin.status());
  }
}
