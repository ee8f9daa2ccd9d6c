/**
 * Publishers route every event to one of SLOT_COUNT fixed slots chosen by its aggregate id; each
 * subscribing service maps slots onto its own shard queues (slot mod partitions). So the publisher
 * never needs to know a subscriber's partition count: a service configured with other partitions
 * still receives every event (with `hash mod partitions` on the publishing side, a mismatch would
 * route events to binding keys nobody declared, and RabbitMQ drops unroutable events silently).
 */
export const SLOT_COUNT = 64;

/** Same aggregate id, same slot, on every process and every run (32-bit FNV-1a over UTF-8). */
export function slotOf(aggregateId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(aggregateId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SLOT_COUNT;
}

/** The shard queue (0…partitions-1) of `service` that holds a slot's events. */
export function shardOfSlot(slot: number, partitions: number): number {
  return slot % partitions;
}

export function assertPartitions(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > SLOT_COUNT) {
    throw new RangeError(
      `rabbitmq.partitions must be an integer in 1…${SLOT_COUNT}, got ${partitions}`,
    );
  }
}
