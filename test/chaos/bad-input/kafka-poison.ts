import { Kafka, logLevel } from 'kafkajs';
import { HEADER } from '@railyard/messaging';
import { endOffsetSum, groupLag } from '../../support/kafka-offsets';
import {
  countExpected,
  PoisonCase,
  PoisonOutcome,
  pollUntil,
  ServiceName,
} from './poison-messages';
import {
  deadLetterTopic,
  eventGroup,
  eventTopic,
  requestGroup,
  requestTopic,
} from '@railyard/messaging/testing';
import { CHAOS_NAMESPACE as NS } from '../support/chaos-namespace';

const sourceTopic = (poison: PoisonCase) =>
  poison.kind === 'event' ? eventTopic(NS, poison.target) : requestTopic(NS, poison.service);

/** Consumer groups of a service (kafka.transport.ts): events in `<service>`, requests in `<service>.rpc`. */
const groupOf = (poison: PoisonCase) =>
  poison.kind === 'event'
    ? eventGroup(NS, poison.service)
    : requestGroup(NS, poison.service as ServiceName);

/**
 * Produces each case straight into the topic the service consumes (key and a run header mark
 * them), then waits (bounded) until this batch's dead letters are found in `<topic>.dlq` and
 * the services' consumer groups have no lag on those topics. Topics are shared with other tests
 * on the broker, so dead letters are counted by this run's key, not by offsets alone.
 */
export async function injectKafkaPoison(
  brokers: string[],
  run: string,
  cases: PoisonCase[],
  withinMs = 30_000,
): Promise<PoisonOutcome> {
  const kafka = new Kafka({
    clientId: `chaos-bad-input-${run}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const readerGroup = `chaos-bad-input-dlq-${run}`;
  const reader = kafka.consumer({ groupId: readerGroup, allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect(), reader.connect()]);
  try {
    const sources = [...new Set(cases.map(sourceTopic))];
    const dlqs = sources.map(deadLetterTopic);
    const rawBefore = await endOffsetSum(admin, dlqs);

    const deadLetteredBy: Record<string, number> = {};
    const reasons: Record<string, number> = {};
    await reader.subscribe({ topics: dlqs, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        // The key marks this run's poison (the one case without headers has no run header).
        if (!message.key?.toString().startsWith(`${run}-`)) return;
        deadLetteredBy[topic] = (deadLetteredBy[topic] ?? 0) + 1;
        const reason = message.headers?.[HEADER.deadLetterReason]?.toString() ?? '(none)';
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      },
    });

    for (const [i, poison] of cases.entries()) {
      await producer.send({
        topic: sourceTopic(poison),
        acks: -1,
        messages: [
          {
            key: `${run}-${i}`,
            value: poison.body,
            ...(poison.headers ? { headers: poison.headers } : {}),
          },
        ],
      });
    }

    const expected = countExpected(cases);
    const total = () => Object.values(deadLetteredBy).reduce((a, b) => a + b, 0);
    await pollUntil(async () => total() >= expected, withinMs);

    const groups = new Map<string, string[]>();
    for (const poison of cases) {
      const topics = groups.get(groupOf(poison)) ?? [];
      groups.set(groupOf(poison), [...new Set([...topics, sourceTopic(poison)])]);
    }
    let backlog: Record<string, number> = {};
    const drained = await pollUntil(async () => {
      backlog = {};
      for (const [group, topics] of groups)
        Object.assign(backlog, await groupLag(admin, group, topics, true));
      return Object.keys(backlog).length === 0;
    }, withinMs);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rawDeadLetterDelta = (await endOffsetSum(admin, dlqs)) - rawBefore;
    return {
      injected: cases.length,
      expectedDeadLetters: expected,
      deadLettered: total(),
      deadLetteredBy: { ...deadLetteredBy },
      reasons: { ...reasons },
      drained,
      backlog,
      rawDeadLetterDelta,
    };
  } finally {
    await reader.disconnect().catch(() => undefined);
    await admin.deleteGroups([readerGroup]).catch(() => undefined);
    await Promise.all([producer.disconnect(), admin.disconnect()]).catch(() => undefined);
  }
}
