import { outboxTestBed } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { EXPIRED } from './delete-expired-rows';

/**
 * The sweep's statements read an index range, oldest first, and stop at the batch size: a full
 * scan or a sort of every expired row (SQLite's plan says SCAN <table> or USE TEMP B-TREE) costs
 * in proportion to the table the sweep is there to keep small, on the event loop with SQLite.
 * Checked on SQLite, whose planner picks by schema alone; PostgreSQL's picks by statistics, and on
 * a test-sized table a sequential scan is its right choice.
 */
describe('retention statements on sqlite', () => {
  const bed = outboxTestBed('sqlite');

  async function plan(statement: (typeof EXPIRED)[keyof typeof EXPIRED]): Promise<string[]> {
    const moduleRef = await bed.boot(new RecordingTransport(), { start: false });
    const rows = (await moduleRef
      .get(UnitOfWork)
      .dataSource.query(`EXPLAIN QUERY PLAN ${statement.textFor('sqlite')}`, [
        new Date().toISOString(),
        100,
      ])) as Array<{ detail: string }>;
    return rows.map((row) => row.detail);
  }

  it.each(Object.keys(EXPIRED) as Array<keyof typeof EXPIRED>)(
    '%s: an index range, no full scan, no sort',
    async (name) => {
      const details = await plan(EXPIRED[name]);
      const table = name === 'sentOutbox' ? 'outbox_message' : 'inbox_message';
      expect(details.filter((line) => /USE TEMP B-TREE/.test(line))).toEqual([]);
      expect(details.filter((line) => new RegExp(`^SCAN ${table}\\b`).test(line))).toEqual([]);
      expect(details.some((line) => new RegExp(`SEARCH ${table} USING .*INDEX`).test(line))).toBe(
        true,
      );
    },
  );
});
