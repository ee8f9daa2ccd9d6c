/** The event every bus benchmark sends: an order-like body of about 500 bytes as JSON. */
export interface EventPayload {
  /** Which measurement run it belongs to: receivers ignore stragglers of earlier runs. */
  run: number;
  seq: number;
  /** performance.now() when it was due to be sent (publisher and consumer share a process). */
  sentAt: number;
  orderId: string;
  customerId: string;
  items: Array<{ sku: string; quantity: number; unitPrice: number }>;
  total: number;
  note: string;
}

export const PAYLOAD_BYTES = 500;

const items = [
  { sku: 'SKU-000001-BLUE-M', quantity: 2, unitPrice: 1_999 },
  { sku: 'SKU-000002-RED-L', quantity: 1, unitPrice: 4_550 },
  { sku: 'SKU-000003-GREEN-S', quantity: 3, unitPrice: 799 },
];

function base(run: number, seq: number, sentAt: number): EventPayload {
  const id = `${run.toString(36)}-${seq.toString(36).padStart(8, '0')}`;
  return {
    run,
    seq,
    sentAt,
    orderId: `order-${id}-0000-0000-000000000000`.slice(0, 36),
    customerId: `customer-${seq % 1_000}`,
    items,
    total: 10_945,
    note: '',
  };
}

/** Padding that brings a typical payload to PAYLOAD_BYTES once encoded. */
const padding = 'x'.repeat(
  Math.max(0, PAYLOAD_BYTES - JSON.stringify(base(1, 1, 123_456.789)).length),
);

export function eventPayload(run: number, seq: number, sentAt: number): EventPayload {
  return { ...base(run, seq, sentAt), note: padding };
}
