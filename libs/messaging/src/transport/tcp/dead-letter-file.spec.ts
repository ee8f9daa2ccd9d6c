import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER } from '../../envelope/envelope-headers';
import { DeadLetterFile, readDeadLetterFile } from './dead-letter-file';

const KIB = 1024;
const quiet = { warn: () => undefined } as unknown as Logger;

function letter(n: number, bodyBytes = 1000): DeadLetter {
  return {
    source: 'spec',
    headers: { [HEADER.messageId]: `m-${n}` },
    body: Buffer.alloc(bodyBytes, n % 256),
    error: 'boom',
    attempts: 1,
    reason: 'handler-failed',
  } as DeadLetter;
}

describe('DeadLetterFile', () => {
  let dir: string;
  let path: string;
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'railyard-dlf-'));
    path = join(dir, 'svc', 'dead-letters.jsonl');
    now = Date.UTC(2026, 0, 1);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const filesIn = () => readdirSync(join(dir, 'svc')).sort();
  const totalBytes = () =>
    filesIn().reduce((sum, name) => sum + statSync(join(dir, 'svc', name)).size, 0);

  it('stays within (files + 1) x maxFileBytes however many letters come, and counts what it deleted', async () => {
    const file = new DeadLetterFile(
      path,
      { maxFileBytes: 64 * KIB, files: 2, retentionMs: 86_400_000 },
      quiet,
      clock,
    );
    const count = 400; // ~1.4 KiB a line: ~560 KiB written in all
    for (let n = 0; n < count; n++) {
      now++;
      await file.append(letter(n));
    }

    expect(filesIn()).toHaveLength(3); // the live file and 2 rotated ones
    expect(totalBytes()).toBeLessThanOrEqual(3 * 64 * KIB);
    const kept = await readDeadLetterFile(path);
    expect(kept.length + file.dropped).toBe(count);
    expect(file.dropped).toBeGreaterThan(0);
    // What is kept is the newest letters, oldest first, nothing torn.
    const ids = kept.map((l) => l.headers[HEADER.messageId]);
    expect(ids).toEqual(
      Array.from({ length: kept.length }, (_, i) => `m-${count - kept.length + i}`),
    );
  });

  it('a line bigger than maxFileBytes is still stored whole, alone in its file', async () => {
    const file = new DeadLetterFile(
      path,
      { maxFileBytes: 64 * KIB, files: 4, retentionMs: 86_400_000 },
      quiet,
      clock,
    );
    await file.append(letter(1));
    await file.append(letter(2, 200 * KIB));
    await file.append(letter(3));
    const kept = await readDeadLetterFile(path);
    expect(kept.map((l) => l.body.length)).toEqual([1000, 200 * KIB, 1000]);
    expect(filesIn()).toHaveLength(3);
    expect(file.dropped).toBe(0);
  });

  it('letters older than the retention are rotated out, then deleted and counted', async () => {
    const retentionMs = 60_000;
    const file = new DeadLetterFile(
      path,
      { maxFileBytes: 1024 * KIB, files: 10, retentionMs },
      quiet,
      clock,
    );
    await file.append(letter(1));
    now += retentionMs / 2;
    await file.append(letter(2));

    now += retentionMs / 2; // the oldest letter is now past the retention: a new live file
    await file.prune();
    expect(filesIn()).toHaveLength(1);
    expect(filesIn()[0]).not.toBe('dead-letters.jsonl');
    await file.append(letter(3));
    expect(file.dropped).toBe(0);

    now += retentionMs / 2; // the rotated file's newest letter too: deleted
    await file.prune();
    expect(file.dropped).toBe(2);
    const kept = await readDeadLetterFile(path);
    expect(kept.map((l) => l.headers[HEADER.messageId])).toEqual(['m-3']);
  });

  it('rotated files left by an earlier process are pruned too', async () => {
    const options = { maxFileBytes: 64 * KIB, files: 1, retentionMs: 86_400_000 };
    const first = new DeadLetterFile(path, options, quiet, clock);
    for (let n = 0; n < 150; n++) {
      now++;
      await first.append(letter(n));
    }
    const second = new DeadLetterFile(path, { ...options, retentionMs: 60_000 }, quiet, clock);
    now += 120_000;
    await second.prune();
    expect(await readDeadLetterFile(path)).toEqual([]);
    expect(second.dropped).toBeGreaterThan(0);
  });
});
