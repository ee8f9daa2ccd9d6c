import { PartOutcome } from './order-part';

/**
 * `Server-Timing: order;dur=3.1, payment;dur=801.0;desc="timeout", total;dur=802.4`: how long each
 * part took inside the gateway and why one is missing, for clients, browsers' devtools and tests
 * (which assert the gateway's own time, free of the client's scheduling noise).
 */
export function serverTiming(
  parts: Record<string, PartOutcome<unknown> | undefined>,
  totalMs: number,
): string {
  const entries = Object.entries(parts)
    .filter((entry): entry is [string, PartOutcome<unknown>] => entry[1] !== undefined)
    .map(([name, part]) => {
      const desc =
        part.status === 'ok' ? '' : `;desc="${part.status === 'absent' ? 'absent' : part.reason}"`;
      return `${name};dur=${part.ms.toFixed(1)}${desc}`;
    });
  return [...entries, `total;dur=${totalMs.toFixed(1)}`].join(', ');
}
