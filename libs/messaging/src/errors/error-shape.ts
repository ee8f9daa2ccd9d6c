/** The wire shape of a failed reply: what survives serialisation of any thrown value. */
export interface ErrorShape {
  code: string;
  message: string;
  details?: unknown;
  /** false: the failure is permanent (the bus dead-letters such an event without retrying). */
  retryable?: boolean;
}
