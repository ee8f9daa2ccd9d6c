import { createHash } from 'node:crypto';

/**
 * Which replica of a service consumes which shard, computed alike by every replica from the same
 * member list (no coordinator, no shared state).
 *
 * Rendezvous (highest-random-weight) hashing with a bounded load: every (shard, member) pair gets a
 * weight, and pairs are taken from the heaviest down, a shard going to the first member that still
 * has room. Room is ⌊shards / members⌋, and ⌈shards / members⌉ for as many members as the division
 * leaves over, so the split is as even as it can be (8 shards over 3 replicas: 3, 3, 2; plain
 * rendezvous can leave a replica without any) while a member joining or leaving moves few shards:
 * the heaviest pairs, which decide most of the answer, do not depend on the other members.
 */
export function assignShards(
  partitions: number,
  members: readonly string[],
): Map<string, number[]> {
  const ids = [...new Set(members)];
  const owned = new Map(ids.map((id) => [id, [] as number[]]));
  if (ids.length === 0) return owned;
  const base = Math.floor(partitions / ids.length);
  let extrasLeft = partitions % ids.length;
  const pairs = ids.flatMap((id) =>
    Array.from({ length: partitions }, (_, shard) => ({ id, shard, weight: weight(shard, id) })),
  );
  pairs.sort((a, b) => b.weight - a.weight || compare(a.id, b.id) || a.shard - b.shard);
  const taken = new Set<number>();
  for (const { id, shard } of pairs) {
    if (taken.has(shard)) continue;
    const shards = owned.get(id)!;
    if (shards.length < base) {
      shards.push(shard);
    } else if (shards.length === base && extrasLeft > 0) {
      shards.push(shard);
      extrasLeft--;
    } else {
      continue;
    }
    taken.add(shard);
    if (taken.size === partitions) break;
  }
  for (const shards of owned.values()) shards.sort((a, b) => a - b);
  return owned;
}

/** 48 bits of SHA-256: exact in a double, and the same on every platform and Node version. */
function weight(shard: number, id: string): number {
  return createHash('sha256').update(`${shard}:${id}`).digest().readUIntBE(0, 6);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
