import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ts-child';

const PACKAGES = [
  '@nestjs/core',
  '@nestjs/microservices',
  'kafkajs',
  'amqplib',
  'amqp-connection-manager',
  'cockatiel',
  'autocannon',
  'better-sqlite3',
  'typescript',
];

export function machineInfo() {
  return {
    os: `${type()} ${readFirst('/proc/sys/kernel/osrelease')}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    /** 1-minute load average when the run started: other work on a shared machine shows here. */
    loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
  };
}

export function versions(): Record<string, string> {
  const found: Record<string, string> = { node: process.version, railyard: gitDescribe() };
  for (const name of PACKAGES) {
    try {
      found[name] = (
        JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    } catch {
      found[name] = 'not installed';
    }
  }
  return found;
}

function gitDescribe(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT })
      .toString()
      .trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT }).toString().trim() !== '';
    return dirty ? `${commit}+uncommitted` : commit;
  } catch {
    return 'unknown';
  }
}

function readFirst(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}
