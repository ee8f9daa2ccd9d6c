/**
 * The namespace of the chaos suite's system (RAILYARD_NAMESPACE): none, its apps get no such
 * variable. RabbitMQ runs are isolated by a vhost of their own, Kafka runs by waiting until no one
 * else is a member of the apps' groups (kafka-idle-groups.ts). The support code that reads the
 * brokers builds the apps' names with it, as the bus does.
 */
export const CHAOS_NAMESPACE = '';
