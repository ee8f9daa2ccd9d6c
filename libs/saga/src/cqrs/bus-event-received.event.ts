import { IEvent } from '@nestjs/cqrs';
import { Envelope } from '@railyard/messaging';
import { Settlement } from './settlement';

/** An event that arrived over the bus, published on the CQRS EventBus for @Saga() streams. */
export class BusEventReceived implements IEvent {
  constructor(
    readonly envelope: Envelope,
    readonly settlement: Settlement,
  ) {}
}
