/** Counters of one bus instance; shown in health details and read by tests. */
export class MessagingMetrics {
  received = 0;
  handled = 0;
  retried = 0;
  deadLettered = 0;
  /** Undecodable or invalid messages (a subset of deadLettered). */
  invalid = 0;
  requestsServed = 0;

  snapshot(): Record<string, number> {
    return {
      received: this.received,
      handled: this.handled,
      retried: this.retried,
      deadLettered: this.deadLettered,
      invalid: this.invalid,
      requestsServed: this.requestsServed,
    };
  }
}
