import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/** A vhost of a system's own: its queue depths and dead letters are then its alone. */
export async function addVhost(vhost: string): Promise<void> {
  await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: TIMEOUT_MS });
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*'], {
    timeout: TIMEOUT_MS,
  });
}

/** Deletes the vhost and everything in it; a vhost already gone is fine. */
export async function deleteVhost(vhost: string): Promise<void> {
  await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: TIMEOUT_MS }).catch(
    () => undefined,
  );
}
