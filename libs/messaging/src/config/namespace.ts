import { z } from 'zod';

/**
 * A namespace (RAILYARD_NAMESPACE) lets several systems share one Kafka and one RabbitMQ: every
 * topic, consumer group, exchange and queue the bus names starts with `<namespace>.`, so systems
 * with different namespaces never meet. Empty (the default) adds nothing: the names of a
 * deployment that predates namespaces stay as they were. A system without a namespace beside
 * namespaced ones could still meet them through an event type that starts with `<namespace>.`:
 * on a shared broker, give every system one.
 *
 * Letters, digits, `_` and `-` only: legal in Kafka topic and group names and in AMQP names, with
 * no `.` (the separator, so `a.b` and `a` + `b.x` cannot collide) and no wildcard. Bounded so a
 * namespaced name keeps room under Kafka's 249 and AMQP's 255 characters. `amq` is refused: AMQP
 * reserves names starting with `amq.` for the broker.
 */
export const MAX_NAMESPACE_LENGTH = 32;
const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]*$/;

export const namespaceSchema = z
  .string()
  .max(MAX_NAMESPACE_LENGTH)
  .regex(NAMESPACE_PATTERN, { message: 'only letters, digits, "_" and "-"' })
  .refine((namespace) => namespace.toLowerCase() !== 'amq', {
    message: 'RabbitMQ reserves names starting with "amq."',
  });

/** For options built in code rather than parsed from the environment: the same rules. */
export function assertNamespace(namespace: string): void {
  const result = namespaceSchema.safeParse(namespace);
  if (!result.success) {
    throw new Error(
      `namespace "${namespace}": ${result.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
}

/** The one place a namespace is applied: every broker name the bus builds goes through here. */
export function namespaced(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}.${name}`;
}
