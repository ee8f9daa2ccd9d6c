import fc from 'fast-check';
import { StockLine } from '@railyard/contracts';
import { decideCommit } from './decide-commit';
import { decideRelease } from './decide-release';
import { decideReserve } from './decide-reserve';
import {
  InventoryReply,
  stockCommitted,
  stockReleased,
  stockReservationFailed,
  stockReserved,
} from './inventory-replies';
import { planReservation } from './plan-reservation';
import { closedRecord, recordOfPlan, ReservationRecord } from './reservation-record';
import { commitUnits, moveLines, releaseUnits, reserveUnits, StockLevel } from './stock-level';

/**
 * The rules composed the way the handlers compose them, over an in-memory store, driven by random
 * interleavings of commands (as a retrying saga on an at-least-once bus produces them).
 */
class InMemoryInventory {
  readonly levels = new Map<string, StockLevel>();
  readonly records = new Map<string, ReservationRecord>();

  constructor(initial: Record<string, number>) {
    for (const [sku, available] of Object.entries(initial)) {
      this.levels.set(sku, { sku, available, reserved: 0, committed: 0 });
    }
  }

  reserve(orderId: string, items: StockLine[]): InventoryReply {
    const decision = decideReserve(this.records.get(orderId));
    if (decision.action === 'answer') return decision.reply;
    const known = items.flatMap((item) => this.levels.get(item.sku) ?? []);
    const plan = planReservation(known, items);
    this.records.set(orderId, recordOfPlan(orderId, plan));
    if (!plan.ok) return stockReservationFailed(orderId, plan.reason, plan.skus);
    this.save(moveLines(known, plan.lines, reserveUnits));
    return stockReserved(orderId, plan.lines);
  }

  release(orderId: string): InventoryReply {
    const decision = decideRelease(orderId, this.records.get(orderId));
    if (decision.action === 'answer') return decision.reply;
    if (decision.action === 'close') {
      this.records.set(orderId, closedRecord(orderId));
      return stockReleased(orderId, []);
    }
    this.save(moveLines(this.levelsOf(decision.lines), decision.lines, releaseUnits));
    this.setStatus(orderId, 'RELEASED');
    return stockReleased(orderId, decision.lines);
  }

  commit(orderId: string): InventoryReply {
    const decision = decideCommit(orderId, this.records.get(orderId));
    if (decision.action === 'answer') return decision.reply;
    this.save(moveLines(this.levelsOf(decision.lines), decision.lines, commitUnits));
    this.setStatus(orderId, 'COMMITTED');
    return stockCommitted(orderId, decision.lines);
  }

  snapshot(): string {
    return JSON.stringify([[...this.levels], [...this.records]]);
  }

  private levelsOf(lines: StockLine[]): StockLevel[] {
    return lines.map((line) => this.levels.get(line.sku) as StockLevel);
  }

  private save(levels: StockLevel[]) {
    for (const level of levels) this.levels.set(level.sku, level);
  }

  private setStatus(orderId: string, status: ReservationRecord['status']) {
    this.records.set(orderId, { ...(this.records.get(orderId) as ReservationRecord), status });
  }
}

const INITIAL = { A: 6, B: 3, C: 0 };
const orderId = fc.constantFrom('o1', 'o2', 'o3', 'o4');
const line = fc.record({
  sku: fc.constantFrom('A', 'B', 'C', 'X'),
  quantity: fc.integer({ min: 1, max: 4 }),
});
const op = fc.oneof(
  fc.record({
    kind: fc.constant('reserve' as const),
    orderId,
    items: fc.array(line, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('release' as const), orderId }),
  fc.record({ kind: fc.constant('commit' as const), orderId }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(inventory: InMemoryInventory, command: Op): InventoryReply {
  if (command.kind === 'reserve') return inventory.reserve(command.orderId, command.items);
  return command.kind === 'release'
    ? inventory.release(command.orderId)
    : inventory.commit(command.orderId);
}

const ALLOWED: Record<string, string[]> = {
  none: ['RESERVED', 'FAILED', 'RELEASED'],
  RESERVED: ['RELEASED', 'COMMITTED'],
  FAILED: [],
  RELEASED: [],
  COMMITTED: [],
};

describe('inventory rules under any interleaving of commands', () => {
  it('counters stay non-negative, units are conserved and match the recorded decisions', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const inventory = new InMemoryInventory(INITIAL);
        for (const command of ops) {
          const before = new Map(inventory.records);
          apply(inventory, command);
          for (const [sku, initial] of Object.entries(INITIAL)) {
            const level = inventory.levels.get(sku) as StockLevel;
            expect(
              Math.min(level.available, level.reserved, level.committed),
            ).toBeGreaterThanOrEqual(0);
            expect(level.available + level.reserved + level.committed).toBe(initial);
            const held = (status: string) =>
              [...inventory.records.values()]
                .filter((record) => record.status === status)
                .flatMap((record) => record.lines)
                .filter((l) => l.sku === sku)
                .reduce((sum, l) => sum + l.quantity, 0);
            expect(level.reserved).toBe(held('RESERVED'));
            expect(level.committed).toBe(held('COMMITTED'));
          }
          for (const [id, record] of inventory.records) {
            const from = before.get(id)?.status ?? 'none';
            if (from !== record.status) expect(ALLOWED[from]).toContain(record.status);
          }
        }
      }),
    );
  });

  it('a command repeated at once gets the same answer and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), op, (history, command) => {
        const inventory = new InMemoryInventory(INITIAL);
        history.forEach((past) => apply(inventory, past));
        const first = apply(inventory, command);
        const state = inventory.snapshot();
        expect(apply(inventory, command)).toEqual(first);
        expect(inventory.snapshot()).toBe(state);
      }),
    );
  });

  it('a release that arrives before its reservation makes the reservation fail', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (items) => {
        const inventory = new InMemoryInventory(INITIAL);
        inventory.release('o1');
        expect(inventory.reserve('o1', items)).toEqual(
          stockReservationFailed('o1', 'order released', []),
        );
        expect(inventory.levels.get('A')).toEqual({
          sku: 'A',
          available: 6,
          reserved: 0,
          committed: 0,
        });
      }),
    );
  });
});
