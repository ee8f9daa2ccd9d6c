let lastMs = -1;
let lastIso = '';

/**
 * `new Date().toISOString()`, made once per millisecond: the bus stamps every envelope with it,
 * often many times in a millisecond, and each conversion cost ~0.9 us (Node 24.21).
 */
export function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastIso = new Date(now).toISOString();
    lastMs = now;
  }
  return lastIso;
}
