import { MessagingOptions } from '@railyard/messaging';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../support/app-process';
import type { ReplicaOrder, ReplicaReport } from './replica.child';
import { ReplicaLedger } from './replica-ledger';

const START_TIMEOUT_MS = 60_000;

/**
 * Starts replica `replica` of `options.service` in a process of its own (replica.child.ts), its
 * handlings recorded in `ledger`; resolves once it listens. Killed with the test process if left.
 */
export async function forkReplica(
  options: MessagingOptions,
  type: string,
  ledger: ReplicaLedger,
  replica: number,
  workMs = 2,
): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'replica.child.ts'), [], {
    cwd: repoRoot,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json') },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const killWithUs = () => child.kill('SIGKILL');
  process.once('exit', killWithUs);
  child.once('exit', () => {
    process.removeListener('exit', killWithUs);
    ledger.abandon(replica);
  });
  ledger.byReplica[replica] ??= 0;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the replica did not start')),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the replica exited with ${code}`));
    });
    child.on('message', (report: ReplicaReport) => {
      if ('ready' in report) {
        clearTimeout(timer);
        resolve();
      } else if (report.phase === 'begin') {
        ledger.begin(replica, report.step);
      } else {
        ledger.finish(replica, report.step, report.messageId);
      }
    });
  });
  const order: ReplicaOrder = { options, type, workMs };
  child.send(order);
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}
