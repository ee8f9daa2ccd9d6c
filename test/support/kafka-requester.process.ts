import { createEnvelope, createTransport, messagingOptionsFromEnv } from '@railyard/messaging';
import { replyGroup } from '@railyard/messaging/testing';

/**
 * A Kafka requester in a process of its own, for specs that SIGKILL it (kafka-requester.ts starts
 * it): connects as SERVICE on the Kafka of KAFKA_BROKERS in RAILYARD_NAMESPACE, asks TARGET
 * `ping.get` once, prints `answered <reply> group <its reply group>`, then idles until killed.
 */
async function main(): Promise<void> {
  const service = process.env.SERVICE;
  const target = process.env.TARGET;
  if (!service || !target) throw new Error('SERVICE and TARGET are required');
  const options = messagingOptionsFromEnv(service, { ...process.env, TRANSPORT: 'kafka' });
  const transport = createTransport(options);
  await transport.connect();
  const request = createEnvelope({ type: 'ping.get', payload: {} });
  const reply = await transport.request(target, request, 20_000);
  const group = replyGroup(options.namespace, options.instanceId);
  process.stdout.write(`answered ${JSON.stringify(reply)} group ${group}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka requester failed: ${String(error)}\n`);
  process.exit(1);
});
