import { Envelope } from '@railyard/messaging';
import { Settlement } from './settlement';

export class AdvanceSagaCommand {
  constructor(
    readonly envelope: Envelope,
    readonly settlement: Settlement,
  ) {}
}
