import { createEnvelope, MessagingOptions, Transport } from '@railyard/messaging';
import { routes, TransportPool } from '../transports/support/test-bus';

/**
 * The same small system, once per namespace, for the specs that run two of them on one broker
 * (issue 18): inventory consumes `order.placed` and answers `stock.get` with its namespace; two
 * order replicas publish and ask. Service and type names are the same in both systems.
 */
export interface SmallSystem {
  readonly namespace: string;
  /** Message ids of the `order.placed` events inventory handled, in order. */
  readonly seen: string[];
  readonly orders: Transport[];
}

export interface Traffic {
  /** Ids of the events the order replicas published. */
  readonly sent: string[];
  /** What inventory answered each `stock.get`. */
  readonly answers: unknown[];
}

/** Starts one system; `options` gives a service's bus options in `namespace`. */
export async function startSmallSystem(
  namespace: string,
  options: (service: string) => MessagingOptions,
  pool: TransportPool,
): Promise<SmallSystem> {
  const seen: string[] = [];
  await pool.start(
    options('inventory'),
    routes(
      { 'order.placed': async (event) => void seen.push(event.messageId) },
      { 'stock.get': async () => namespace },
    ),
  );
  const orders = [await pool.start(options('order')), await pool.start(options('order'))];
  return { namespace, seen, orders };
}

/** Each order replica publishes `perReplica` events and asks inventory as many times. */
export async function sendTraffic(system: SmallSystem, perReplica: number): Promise<Traffic> {
  const sent: string[] = [];
  const answers: unknown[] = [];
  await Promise.all(
    system.orders.flatMap((order, replica) =>
      Array.from({ length: perReplica }, async (_, n) => {
        const event = createEnvelope({
          type: 'order.placed',
          aggregateId: `order-${replica}-${n}`,
          payload: { n },
        });
        sent.push(event.messageId);
        await order.publish(event);
        const ask = createEnvelope({ type: 'stock.get', payload: {} });
        answers.push(await order.request('inventory', ask, 30_000));
      }),
    ),
  );
  return { sent, answers };
}

/**
 * Waits (bounded) until each system handled as many events as it sent, a second more for anything
 * that crossed over, then says what is wrong: counts, ids and answers that are not its own.
 */
export async function crossTalk(
  systems: ReadonlyArray<[SmallSystem, Traffic]>,
  withinMs = 30_000,
): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  const done = () =>
    systems.every(([system, traffic]) => system.seen.length >= traffic.sent.length);
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1_000));
  const problems: string[] = [];
  for (const [system, traffic] of systems) {
    const own = new Set(traffic.sent);
    const foreign = system.seen.filter((id) => !own.has(id));
    const missing = traffic.sent.filter((id) => !system.seen.includes(id));
    const wrongAnswers = traffic.answers.filter((answer) => answer !== system.namespace);
    const where = `${system.namespace}: `;
    if (foreign.length > 0) problems.push(`${where}${foreign.length} events of another system`);
    if (missing.length > 0) problems.push(`${where}${missing.length} of its events never handled`);
    if (wrongAnswers.length > 0) problems.push(`${where}answers ${JSON.stringify(wrongAnswers)}`);
    if (system.seen.length !== traffic.sent.length) {
      problems.push(`${where}${system.seen.length} deliveries of ${traffic.sent.length} events`);
    }
    if (traffic.sent.length === 0) problems.push(`${where}no traffic`);
  }
  return problems;
}

/**
 * The system in each of `namespaces`, started on one broker, with traffic on all at once:
 * returns them and what went wrong (crossTalk), [] when each saw exactly its own messages.
 */
export async function systemsAtOnce(
  namespaces: readonly string[],
  options: (namespace: string, service: string) => MessagingOptions,
  pool: TransportPool,
  perReplica = 40,
): Promise<{ systems: SmallSystem[]; problems: string[] }> {
  const systems = await Promise.all(
    namespaces.map((namespace) =>
      startSmallSystem(namespace, (service) => options(namespace, service), pool),
    ),
  );
  const traffic = await Promise.all(systems.map((system) => sendTraffic(system, perReplica)));
  const problems = await crossTalk(systems.map((system, i) => [system, traffic[i]]));
  return { systems, problems };
}
