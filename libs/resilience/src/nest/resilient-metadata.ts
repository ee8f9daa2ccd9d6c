export interface ResilientOptions {
  /**
   * Whether the handler may be retried. Default: yes for GET, HEAD, OPTIONS, PUT and DELETE and
   * for any request with an Idempotency-Key header; no otherwise.
   */
  idempotent?: boolean;
}

/** What @Resilient() records on a handler or controller. */
export interface ResilientMetadata extends ResilientOptions {
  downstream: string;
}
