import { CreateOrder } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

export class CreateOrderCommand {
  constructor(readonly envelope: Envelope<CreateOrder>) {}
}
