import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562 §5.7): the first 48 bits are the Unix time in milliseconds, the rest
 * random (74 bits), so ids made later sort later, as text and as bytes.
 *
 * Why the ids the kit stores are made this way: SQLite and PostgreSQL keep a primary key or unique
 * index in a B-tree, and a random (version 4) key lands on a random leaf page. Every message,
 * order and saga inserted then dirtied a page of its own in each such index (outbox message id,
 * inbox message id, order and saga ids, the saga log's saga id), and a commit writes every dirty
 * page to the log: in order-service, COMMIT was half of SQLite's time per saga. Time-ordered keys
 * land on the index's last pages, which the units of one commit share (bench/README.md).
 *
 * Built from `randomUUID()` (Node's batched entropy, and its variant bits): its first 12 hex digits
 * become the time, its version digit 7. Ids of the same millisecond keep random order among
 * themselves; nothing relies on their order, only on their locality.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  return `${timePrefix(now)}-7${randomUUID().slice(15)}`;
}

let prefixMs = -1;
let prefix = '';

/** `xxxxxxxx-xxxx` of the id's time, made once per millisecond (a busy bus asks many times in one). */
function timePrefix(now: number): string {
  if (now !== prefixMs) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}`;
    prefixMs = now;
  }
  return prefix;
}
