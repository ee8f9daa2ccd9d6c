import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';

/** One line of the dead-letter file. The body is base64 so any bytes survive exactly. */
export interface DeadLetterRecord {
  storedAt: string;
  headers: WireHeaders;
  body: string;
}

/**
 * TCP has no broker to keep dead letters, so each service appends them to its own JSON-lines
 * file. A write resolves only after fsync (then the event may be acked); writes are serialised
 * so lines never interleave.
 */
export class DeadLetterFile {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  append(deadLetter: DeadLetter): Promise<void> {
    const record: DeadLetterRecord = {
      storedAt: new Date().toISOString(),
      headers: {
        ...deadLetter.headers,
        [HEADER.error]: deadLetter.error,
        [HEADER.attempts]: String(deadLetter.attempts),
        [HEADER.deadLetterReason]: deadLetter.reason,
        [HEADER.source]: deadLetter.source,
      },
      body: deadLetter.body.toString('base64'),
    };
    const line = `${JSON.stringify(record)}\n`;
    const write = this.tail.then(() => this.write(line));
    this.tail = write.catch(() => undefined);
    return write;
  }

  private async write(line: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, 'a');
    try {
      await file.appendFile(line, 'utf8');
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

/** Reads a dead-letter file back (tests, tooling); a missing file holds no dead letters. */
export async function readDeadLetterFile(
  path: string,
): Promise<Array<{ storedAt: string; headers: WireHeaders; body: Buffer }>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim().length === 0) return [];
    try {
      const record = JSON.parse(line) as DeadLetterRecord;
      return [{ ...record, body: Buffer.from(record.body, 'base64') }];
    } catch {
      return []; // a line torn by a crash mid-write
    }
  });
}
