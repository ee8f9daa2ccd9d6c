/** Lets the bus handler await what a @Saga() stream set in motion: ack only after it committed. */
export interface Settlement {
  resolve(): void;
  reject(error: unknown): void;
}
