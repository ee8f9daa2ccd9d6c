import { Logger } from '@nestjs/common';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { DeadLetterRetention } from './tcp.options';
import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';

/** One line of the dead-letter file. The body is base64 so any bytes survive exactly. */
export interface DeadLetterRecord {
  storedAt: string;
  headers: WireHeaders;
  body: string;
}

/** `<epoch ms, 15 digits>-<n>` between the file's stem and extension. */
const ROTATED = /^(\d{15})-\d{4}$/;

/** Enough of a line's start to hold `{"storedAt":"<ISO date>"`. */
const HEAD_BYTES = 64;
/** Read from the end to find the last line's start: more than one line of the default limits. */
const TAIL_BYTES = 4 * 1024 * 1024;

/**
 * TCP has no broker to keep dead letters, so each service appends them to its own JSON-lines
 * file. A write resolves only after fsync (then the event may be acked); writes are serialised
 * so lines never interleave.
 *
 * Any peer can make lines of up to ~1.4 MiB (a 1 MiB body in base64), so the file is bounded:
 * before a line would take it past `maxFileBytes`, or once its oldest letter is older than
 * `retentionMs`, it is renamed `<name>.<epoch ms>-<n>.jsonl`. Rotated files are deleted when more
 * than `files` of them exist (oldest first) or when their newest letter is older than
 * `retentionMs` (a rotated file is named by its newest letter); the letters deleted are counted
 * in `dropped` and logged. Disk use stays within (files + 1) × (maxFileBytes + one line); a letter
 * is kept at least `retentionMs` (unless the count bound pushes it out first) and at most twice
 * that (the oldest letter of a file waits for its newest).
 */
export class DeadLetterFile {
  /** Dead letters deleted by rotation or retention since this process started. */
  dropped = 0;
  private tail: Promise<void> = Promise.resolve();
  /** Bytes in the live file, once known. */
  private size?: number;
  private rotations = 0;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    readonly path: string,
    private readonly retention: DeadLetterRetention,
    private readonly logger = new Logger('DeadLetterFile'),
    private readonly now: () => number = Date.now,
  ) {}

  append(deadLetter: DeadLetter): Promise<void> {
    const record: DeadLetterRecord = {
      storedAt: new Date(this.now()).toISOString(),
      headers: {
        ...deadLetter.headers,
        [HEADER.error]: deadLetter.error,
        [HEADER.attempts]: String(deadLetter.attempts),
        [HEADER.deadLetterReason]: deadLetter.reason,
        [HEADER.source]: deadLetter.source,
      },
      body: deadLetter.body.toString('base64'),
    };
    return this.serially(() => this.write(`${JSON.stringify(record)}\n`));
  }

  /** Applies the age bound now (it is otherwise applied on each append). */
  prune(): Promise<void> {
    return this.serially(async () => {
      await this.rotateIfOld();
      await this.deleteRotated();
    });
  }

  /** Prunes now and then every `intervalMs` (default: a quarter of the retention, at most 1 h). */
  startPruning(intervalMs = Math.min(3_600_000, this.retention.retentionMs / 4)): void {
    this.stopPruning();
    const run = () =>
      void this.prune().catch((error: Error) =>
        this.logger.warn(`pruning ${this.path}: ${error.message}`),
      );
    run();
    this.pruneTimer = setInterval(run, intervalMs);
    this.pruneTimer.unref();
  }

  stopPruning(): void {
    clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const done = this.tail.then(work);
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async write(line: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const bytes = Buffer.byteLength(line, 'utf8');
    const size = await this.liveSize();
    if (size > 0 && size + bytes > this.retention.maxFileBytes) await this.rotate();
    else await this.rotateIfOld();
    const file = await open(this.path, 'a');
    try {
      await file.appendFile(line, 'utf8');
      await file.datasync();
    } finally {
      await file.close();
    }
    this.size = (this.size ?? 0) + bytes;
  }

  private async liveSize(): Promise<number> {
    if (this.size === undefined) {
      this.size = await stat(this.path).then(
        (s) => s.size,
        () => 0,
      );
    }
    return this.size;
  }

  /** The live file's oldest letter is past the retention: start a new file. */
  private async rotateIfOld(): Promise<void> {
    if ((await this.liveSize()) === 0) return;
    const oldest = await firstStoredAt(this.path);
    if (oldest !== undefined && oldest <= this.now() - this.retention.retentionMs) {
      await this.rotate();
    }
  }

  private async rotate(): Promise<void> {
    const seq = String(this.rotations++ % 10_000).padStart(4, '0');
    // Named by its newest letter, so the age bound can delete the whole file at once.
    const stamp = String((await lastStoredAt(this.path)) ?? this.now()).padStart(15, '0');
    await rename(this.path, rotatedName(this.path, `${stamp}-${seq}`));
    this.size = 0;
    await this.deleteRotated();
  }

  private async deleteRotated(): Promise<void> {
    const rotated = await rotatedFiles(this.path);
    const excess = rotated.length - this.retention.files;
    const oldest = this.now() - this.retention.retentionMs;
    for (const [index, { file, rotatedAt }] of rotated.entries()) {
      const tooMany = index < excess;
      if (!tooMany && rotatedAt > oldest) continue;
      const letters = await countLines(file);
      await unlink(file).catch(() => undefined);
      this.dropped += letters;
      this.logger.warn(
        `deleted ${letters} dead letter(s) in ${basename(file)}: ` +
          (tooMany ? `more than ${this.retention.files} rotated files` : 'past their retention'),
      );
    }
  }
}

function rotatedName(path: string, suffix: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.${suffix}${ext}`);
}

/** Rotated siblings of `path`, oldest first (their names sort by rotation time). */
async function rotatedFiles(path: string): Promise<Array<{ file: string; rotatedAt: number }>> {
  const ext = extname(path);
  const stem = `${basename(path, ext)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(stem) && name.endsWith(ext))
    .map((name) => ({
      name,
      match: ROTATED.exec(name.slice(stem.length, -ext.length || undefined)),
    }))
    .filter(({ match }) => match !== null)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(({ name, match }) => ({
      file: join(dirname(path), name),
      rotatedAt: Number((match as RegExpExecArray)[1]),
    }));
}

async function firstStoredAt(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return storedAtOf(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

/** The `storedAt` of the file's last line, read from its end. */
async function lastStoredAt(path: string): Promise<number | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const { buffer } = await file.read(Buffer.alloc(length), 0, length, size - length);
    // The last line ends with the file's final newline; it starts after the newline before that.
    const end = buffer[length - 1] === 10 ? length - 1 : length;
    const start = buffer.lastIndexOf(10, end - 1);
    if (start < 0 && length < size) return undefined; // a line longer than the tail read
    return storedAtOf(buffer.subarray(start + 1, start + 1 + HEAD_BYTES));
  } finally {
    await file.close();
  }
}

function storedAtOf(head: Buffer): number | undefined {
  const match = /^\{"storedAt":"([^"]+)"/.exec(head.toString('utf8'));
  const time = match ? Date.parse(match[1]) : Number.NaN;
  return Number.isNaN(time) ? undefined : time;
}

async function countLines(path: string): Promise<number> {
  const bytes = await readFile(path).catch(() => Buffer.alloc(0));
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

/**
 * Reads the dead letters back (tests, tooling): the rotated files oldest first, then the live
 * one. Nothing stored yet means no dead letters.
 */
export async function readDeadLetterFile(
  path: string,
): Promise<Array<{ storedAt: string; headers: WireHeaders; body: Buffer }>> {
  const lines = await readDeadLetterLines(path);
  return lines.map(({ record }) => ({ ...record, body: Buffer.from(record.body, 'base64') }));
}

/** Each stored line with its parsed record, oldest first (the text names a letter: see its store). */
export async function readDeadLetterLines(
  path: string,
): Promise<Array<{ line: string; record: DeadLetterRecord }>> {
  const files = [...(await rotatedFiles(path)).map((rotated) => rotated.file), path];
  const texts = await Promise.all(files.map((file) => readText(file)));
  return texts.flatMap((text) =>
    text.split('\n').flatMap((line) => {
      if (line.trim().length === 0) return [];
      try {
        return [{ line, record: JSON.parse(line) as DeadLetterRecord }];
      } catch {
        return []; // a line torn by a crash mid-write
      }
    }),
  );
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
