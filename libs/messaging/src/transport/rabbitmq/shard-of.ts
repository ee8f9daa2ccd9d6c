/**
 * The shard of an aggregate: 32-bit FNV-1a over its UTF-8 bytes, mod the partition count. Same id,
 * same shard, on every process and every run, so one aggregate's events share one ordered queue.
 * Publisher and subscribers must use the same partition count (options.rabbitmq.partitions, one
 * RABBITMQ_PARTITIONS for the deployment): a shard nobody bound is unroutable, and RabbitMQ drops it.
 */
export function shardOf(aggregateId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(aggregateId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

export function assertPartitions(partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) {
    throw new RangeError(`rabbitmq.partitions must be a positive integer, got ${partitions}`);
  }
}
