import { createHash } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { InboundMessage } from '../../delivery/inbound-message';
import { HEADER } from '../../envelope/envelope-headers';
import { deadLetterEntry, originalHeaders } from '../dead-letter-entry';
import { DeadLetterEntry } from '../dead-letter-store';
import { ListedDeadLetterStore } from '../listed-dead-letter.store';
import { DeadLetterRecord, readDeadLetterLines } from './dead-letter-file';

/** Settled marks are compacted once they outnumber the stored lines this many times over. */
const COMPACT_FACTOR = 2;
const COMPACT_MIN_MARKS = 1_000;

interface Stored {
  id: string;
  record: DeadLetterRecord;
}

/**
 * The TCP dead-letter file (dead-letter-file.ts) for operators. The file is append-only and
 * rotated, so a letter is never rewritten in place: replaying or discarding one appends its id to
 * `<file>.settled` (fsynced), and reading skips the ids listed there. The marks are compacted to
 * the ids still stored once they outnumber the stored lines; rotation and retention delete the
 * letters themselves, as before.
 *
 * An id is `<stored at, epoch ms, 15 digits>-<sha256 of the line, 16 hex>`: stable across
 * rotation (which renames files, so a file offset would not be), and ordered by storage time, so
 * `after` keeps its place even once the letter it names is gone.
 *
 * The destination of a TCP dead letter is this service's own handler (TCP has no broker queue):
 * a replay hands the original headers and body to this service's delivery pipeline, as if the
 * message had just arrived, then marks it settled. The pipeline resolves once the handler
 * succeeded or the message was dead-lettered again (as a new letter), so nothing is lost; a crash
 * between the two steps replays it once more, and the inbox deduplicates by message id.
 * Operations run one at a time, and one TCP instance per service owns its file (it binds the
 * service's port), so no two writers race.
 */
export class TcpDeadLetterStore extends ListedDeadLetterStore<Stored> {
  constructor(
    private readonly path: string,
    private readonly deliver: (message: InboundMessage) => Promise<void>,
  ) {
    super();
  }

  protected entryOf({ id, record }: Stored): DeadLetterEntry {
    return deadLetterEntry(id, {
      headers: record.headers,
      body: Buffer.from(record.body, 'base64'),
      storedAt: record.storedAt,
    });
  }

  protected redeliver({ record }: Stored, body?: Buffer): Promise<void> {
    const { headers } = record;
    return this.deliver({
      source: headers[HEADER.source] ?? 'dead-letter-replay',
      headers: originalHeaders(headers),
      body: body ?? Buffer.from(record.body, 'base64'),
    });
  }

  protected settled({ id }: Stored): Promise<void> {
    return this.mark(id);
  }

  protected override afterSettling(storedBefore: number): Promise<void> {
    return this.compactIfLarge(storedBefore);
  }

  private get settledPath(): string {
    return `${this.path}.settled`;
  }

  protected async letters(): Promise<Stored[]> {
    const [lines, settled] = await Promise.all([
      readDeadLetterLines(this.path),
      this.readSettled(),
    ]);
    const seen = new Set<string>();
    const letters: Stored[] = [];
    for (const { line, record } of lines) {
      const id = idOf(line, record);
      // Identical lines (same letter, same millisecond) are one letter.
      if (settled.has(id) || seen.has(id)) continue;
      seen.add(id);
      letters.push({ id, record });
    }
    return letters;
  }

  private async readSettled(): Promise<Set<string>> {
    const text = await readFile(this.settledPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return new Set(text.split('\n').filter((id) => id.length > 0));
  }

  private async mark(id: string): Promise<void> {
    const file = await open(this.settledPath, 'a');
    try {
      await file.appendFile(`${id}\n`, 'utf8');
      await file.datasync();
    } finally {
      await file.close();
    }
  }

  /** Keeps only the marks of letters still in the files (rotation deletes the others). */
  private async compactIfLarge(storedBefore: number): Promise<void> {
    const marks = await this.readSettled();
    if (marks.size < Math.max(COMPACT_MIN_MARKS, COMPACT_FACTOR * storedBefore)) return;
    const present = new Set(
      (await readDeadLetterLines(this.path)).map(({ line, record }) => idOf(line, record)),
    );
    const kept = [...marks].filter((id) => present.has(id));
    const temporary = `${this.settledPath}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(kept.map((id) => `${id}\n`).join(''), 'utf8');
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.settledPath);
  }
}

function idOf(line: string, record: DeadLetterRecord): string {
  const storedAt = Date.parse(record.storedAt);
  const stamp = String(Number.isNaN(storedAt) ? 0 : storedAt).padStart(15, '0');
  return `${stamp}-${createHash('sha256').update(line).digest('hex').slice(0, 16)}`;
}
