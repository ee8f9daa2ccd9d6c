import { ChildProcess } from 'node:child_process';
import { ended } from './ts-child';

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/**
 * Request/response over a child's IPC channel: the parent sends `{ id, command }`, the child
 * answers `{ id, ok, value | error }` (see serveRpc). A child that exits fails what is pending.
 */
export class RpcChild<TCommand extends { kind: string }> {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private exitReason?: string;

  constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: Reply) => this.pending.get(message.id)?.(message));
    child.once('exit', (code, signal) => {
      this.exitReason = `${label} exited (${code ?? signal})`;
      for (const settle of this.pending.values()) {
        settle({ id: -1, ok: false, error: this.exitReason });
      }
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  call<T>(command: TCommand, timeoutMs: number): Promise<T> {
    if (this.exitReason) return Promise.reject(new Error(this.exitReason));
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: ${command.kind} took over ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.ok) resolve(reply.value as T);
        else reject(new Error(`${this.label}: ${command.kind}: ${reply.error}`));
      });
      this.child.send({ id, command });
    });
  }

  /** Ends the child: it gets `graceMs` to exit on its own after `close`, then SIGKILL. */
  async kill(graceMs = 10_000): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await ended(this.child, graceMs);
  }
}

/** The child's side: answers each command with `handle`'s result or its error. */
export function serveRpc<TCommand extends { kind: string }>(
  handle: (command: TCommand) => Promise<unknown>,
): void {
  process.on('message', (message: { id: number; command: TCommand }) => {
    handle(message.command).then(
      (value) => process.send?.({ id: message.id, ok: true, value }),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          ok: false,
          error: (error as Error)?.stack ?? String(error),
        }),
    );
  });
}
