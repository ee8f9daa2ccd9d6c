/** Splits a byte stream into newline-delimited lines, keeping a partial last line for later. */
export class NdjsonLines {
  private tail = '';

  push(chunk: Buffer): string[] {
    const lines = (this.tail + chunk.toString('utf8')).split('\n');
    this.tail = lines.pop() ?? '';
    return lines;
  }
}
