import { createTransport, MessagingOptions } from '@railyard/messaging';
import type { Step } from './replica-ledger';

/**
 * One replica of a service in a process of its own, for the specs that SIGKILL a replica (an
 * in-process one cannot die without saying goodbye). The first IPC message says what to consume;
 * each event handled is reported as it starts and as it ends, so the parent's ReplicaLedger checks
 * it like the replicas it runs itself.
 */
export interface ReplicaOrder {
  options: MessagingOptions;
  type: string;
  workMs: number;
}

export type ReplicaReport =
  { ready: true } | { phase: 'begin' | 'finish'; step: Step; messageId: string };

const report = (message: ReplicaReport) => process.send?.(message);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

process.once('message', (order: ReplicaOrder) => {
  void (async () => {
    const transport = createTransport(order.options);
    await transport.connect();
    await transport.listen({
      events: new Map([
        [
          order.type,
          async (envelope) => {
            const step = envelope.payload as Step;
            report({ phase: 'begin', step, messageId: envelope.messageId });
            await sleep(order.workMs);
            report({ phase: 'finish', step, messageId: envelope.messageId });
          },
        ],
      ]),
      requests: new Map(),
    });
    report({ ready: true });
  })().catch((error: Error) => {
    process.stderr.write(`replica child: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
});
