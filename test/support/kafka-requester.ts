import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './app-process';

export interface KafkaRequester {
  /** What the request was answered, as JSON. */
  readonly reply: string;
  /** The requester's reply consumer group. */
  readonly group: string;
  /** SIGKILL: no shutdown hook runs, nothing is closed or deleted. */
  kill(): Promise<void>;
}

/**
 * Starts kafka-requester.process.ts in a process of its own (through ts-node) and resolves once
 * its request was answered; `env` gives it SERVICE, TARGET, KAFKA_BROKERS and RAILYARD_NAMESPACE.
 */
export function startKafkaRequester(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<KafkaRequester> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'kafka-requester.process.ts'),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  process.once('exit', () => child.kill('SIGKILL'));
  let output = '';
  return new Promise<KafkaRequester>((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`kafka requester not answered within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const fail = () => {
      clearTimeout(timer);
      reject(new Error(`kafka requester exited:\n${output}`));
    };
    child.once('exit', fail);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const answered = /^answered (.*) group (\S+)$/m.exec(output);
      if (!answered) return;
      clearTimeout(timer);
      child.off('exit', fail);
      resolve({ reply: answered[1], group: answered[2], kill });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}
