import { Envelope } from '@railyard/messaging';
import { Settlement } from './settlement';

/** Advance the saga a reply answers; settle `settlement` once that committed. */
export class AdvanceSagaCommand {
  constructor(
    readonly reply: Envelope,
    readonly settlement: Settlement,
  ) {}
}
