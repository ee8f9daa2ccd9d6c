import { MessagingOptions } from '../config/messaging-options';
import { Transport } from './transport';

/**
 * The only switch on the transport name. Each branch requires its module lazily, so a TCP-only
 * service never loads kafkajs or amqplib.
 */
export function createTransport(options: MessagingOptions): Transport {
  switch (options.transport) {
    case 'tcp': {
      const { TcpTransport } =
        require('./tcp/tcp.transport') as typeof import('./tcp/tcp.transport');
      return new TcpTransport(options);
    }
    case 'rabbitmq': {
      const { RabbitMqTransport } =
        require('./rabbitmq/rabbitmq.transport') as typeof import('./rabbitmq/rabbitmq.transport');
      return new RabbitMqTransport(options);
    }
    case 'kafka': {
      const { KafkaTransport } =
        require('./kafka/kafka.transport') as typeof import('./kafka/kafka.transport');
      return new KafkaTransport(options);
    }
    case 'memory': {
      const { MemoryTransport } =
        require('./memory/memory.transport') as typeof import('./memory/memory.transport');
      return new MemoryTransport(options);
    }
  }
}
