import type { SagaDetailView } from '@railyard/contracts';
import { durationText, sagaTable, sagaText } from './saga-text';

const NOW = Date.parse('2026-12-07T03:00:00.000Z');
const saga: SagaDetailView = {
  id: 'o-1',
  type: 'order-fulfilment',
  status: 'COMPENSATING',
  step: 0,
  stepName: 'reserve',
  attempt: 2,
  deadline: '2026-12-07T02:59:57.000Z',
  reason: 'aborted by operator: customer called',
  createdAt: '2026-12-07T02:50:00.000Z',
  updatedAt: '2026-12-07T02:58:00.000Z',
  context: { orderId: 'o-1' },
  steps: [
    { name: 'reserve', action: 'inventory.reserve', compensation: 'inventory.release' },
    { name: 'charge', action: 'payment.charge', compensation: null },
  ],
  timeline: [
    {
      step: 0,
      stepName: 'reserve',
      event: 'STARTED',
      detail: null,
      at: '2026-12-07T02:50:00.000Z',
    },
    {
      step: 0,
      stepName: 'reserve',
      event: 'ABORTED',
      detail: 'by ops: customer called',
      at: '2026-12-07T02:58:00.000Z',
    },
  ],
};

describe('saga text', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [-3 * 3_600_000, '3h'],
    [2 * 86_400_000, '2d'],
  ])('says %i ms as %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });

  it('lists sagas as a table: step by number and name, ages and deadlines relative to now', () => {
    expect(sagaTable([saga], NOW).split('\n')).toEqual([
      'ID   TYPE              STATUS        STEP       ATTEMPT  UPDATED  DEADLINE    REASON',
      'o-1  order-fulfilment  COMPENSATING  0 reserve  2        2m ago   overdue 3s  aborted by operator: customer called',
    ]);
  });

  it('shows one saga: where it stands, why, its steps, context and timeline', () => {
    expect(sagaText(saga, NOW)).toBe(
      [
        'saga o-1 (order-fulfilment): COMPENSATING at step 0 (reserve), attempt 2, deadline overdue 3s',
        'reason: aborted by operator: customer called',
        'created 2026-12-07T02:50:00.000Z, updated 2026-12-07T02:58:00.000Z',
        'steps:',
        '  #  STEP     ACTION             COMPENSATION',
        '  0  reserve  inventory.reserve  inventory.release',
        '  1  charge   payment.charge     -',
        'context:',
        '  {',
        '    "orderId": "o-1"',
        '  }',
        'timeline:',
        '  AT                        STEP       EVENT    DETAIL',
        '  2026-12-07T02:50:00.000Z  0 reserve  STARTED',
        '  2026-12-07T02:58:00.000Z  0 reserve  ABORTED  by ops: customer called',
      ].join('\n'),
    );
  });
});
