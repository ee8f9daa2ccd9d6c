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

/** Messages (ready + unacknowledged) of every queue in the vhost, by queue name. */
export async function queueDepths(vhost: string): Promise<Record<string, number>> {
  const { stdout } = await run(
    'rabbitmqctl',
    ['-q', 'list_queues', '-p', vhost, 'name', 'messages', '--formatter', 'json'],
    { timeout: TIMEOUT_MS },
  );
  const queues = JSON.parse(stdout) as Array<{ name: string; messages: number }>;
  return Object.fromEntries(queues.map((q) => [q.name, q.messages]));
}

/** Routing keys some queue of the vhost is bound with on `exchange`: the event types it consumes. */
export async function boundRoutingKeys(vhost: string, exchange: string): Promise<Set<string>> {
  const { stdout } = await run(
    'rabbitmqctl',
    ['-q', 'list_bindings', '-p', vhost, 'source_name', 'routing_key', '--formatter', 'json'],
    { timeout: TIMEOUT_MS },
  );
  const bindings = JSON.parse(stdout) as Array<{ source_name: string; routing_key: string }>;
  return new Set(bindings.filter((b) => b.source_name === exchange).map((b) => b.routing_key));
}
