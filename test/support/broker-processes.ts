import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './app-process';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const KAFKA_STOP_TIMEOUT_MS = 60_000;
const RABBITMQ_TIMEOUT_MS = 60_000;

function isKafka(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

async function waitForKafkaExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isKafka(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

/**
 * Stops the Kafka broker scripts/brokers-up.sh started on `port` (SIGTERM: a controlled shutdown;
 * SIGKILL: a crash, with log recovery at the next start), then starts it again with brokers-up.
 * Only a broker this repo started can be restarted: its pidfile says which process it is.
 */
export async function restartKafka(port: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const pidfile = join(repoRoot, 'brokers', '.cache', 'run', `kafka-${port}.pid`);
  if (!existsSync(pidfile)) {
    throw new Error(`no ${pidfile}: the broker was not started by scripts/brokers-up.sh`);
  }
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  if (isKafka(pid)) {
    process.kill(pid, signal);
    if (!(await waitForKafkaExit(pid, KAFKA_STOP_TIMEOUT_MS))) {
      process.kill(pid, 'SIGKILL');
      await waitForKafkaExit(pid, 10_000);
    }
  }
  await run('bash', [join(repoRoot, 'scripts', 'brokers-up.sh')], {
    cwd: repoRoot,
    env: { ...process.env, KAFKA_PORT: port },
    timeout: 300_000,
  });
}

/** `rabbitmqctl stop_app`, a pause, `start_app`: every connection and channel is cut meanwhile. */
export async function restartRabbitmq(downMs = 0): Promise<void> {
  await run('rabbitmqctl', ['stop_app'], { timeout: RABBITMQ_TIMEOUT_MS });
  await sleep(downMs);
  await run('rabbitmqctl', ['start_app'], { timeout: RABBITMQ_TIMEOUT_MS });
}
