/** What the in-process transport needs beyond the bus-wide settings (built by memoryOptionsFrom). */
export interface MemoryOptions {
  /** Services of one process that name the same broker share it (MESSAGING_MEMORY_BROKER). */
  broker: string;
}
