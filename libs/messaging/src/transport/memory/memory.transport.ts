import { MessagingOptionsFor } from '../../config/messaging-options';
import { namespaced } from '../../config/namespace';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { DeadLetter } from '../../delivery/inbound-message';
import { decodeReply, encodeReply } from '../../delivery/reply.codec';
import { Envelope } from '../../envelope/envelope';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { BaseTransport } from '../base.transport';
import { DeadLetterStore } from '../dead-letter-store';
import { BacklogReading, NOTHING_TO_SAMPLE } from '../bus-backlog-gauge';
import { Routes, TransportStatus } from '../transport';
import { MemoryBroker, RequestServer } from './memory-broker';
import { MemoryDeadLetterStore } from './memory-dead-letter.store';
import { QueueConsumer, QueuedEvent } from './service-queue';

/**
 * Railyard inside one process, for tests: `TRANSPORT=memory`. Every service of the process that
 * names the same broker (options.memory.broker) in the same namespace shares it. It keeps the rules the conformance
 * suite checks on the real transports: messages cross it encoded (headers and JSON bytes, the
 * same limits and validation), a service's queue outlives its instances, instances of one service
 * compete for its events, one aggregate's events are handled in order, a handler that fails is
 * retried then dead-lettered, an unacked event goes to the next instance, an event of a type
 * nobody consumes yet waits for its first consumer. What differs: nothing leaves the process, so
 * there is no network to fail and a process exit loses everything; requests to a service with no
 * running instance fail at once (as on TCP).
 */
export class MemoryTransport extends BaseTransport<MessagingOptionsFor<'memory'>> {
  readonly name = 'memory' as const;
  private broker?: MemoryBroker;
  private consumer?: QueueConsumer & { accepting: boolean };
  private server?: RequestServer & { accepting: boolean };

  constructor(options: MessagingOptionsFor<'memory'>) {
    super(options);
  }

  status(): TransportStatus {
    const open = this.broker !== undefined && !this.isClosing;
    return {
      transport: this.name,
      connected: open,
      consuming: open && (this.consumer?.accepting ?? this.server?.accepting ?? false),
      details: {
        broker: this.options.memory.broker,
        pending: this.broker?.pendingOf(this.options.service) ?? 0,
        metrics: this.metrics.snapshot(),
      },
    };
  }

  protected async openConnection(): Promise<void> {
    const { broker } = this.options.memory;
    if (!broker) throw new TransportUnavailableError('memory', 'no memory broker named');
    // Each namespace has brokers of its own, as on Kafka and RabbitMQ.
    this.broker = MemoryBroker.named(namespaced(this.options.namespace, broker), {
      unroutedRetentionMs: this.options.unrouted.retentionMs,
      unroutedMaxBytes: this.options.unrouted.maxBytes,
    });
  }

  protected async startConsuming(routes: Routes, pipeline: DeliveryPipeline): Promise<void> {
    const broker = this.connected();
    const { service } = this.options;
    const source = `memory:${service}`;
    if (routes.events.size > 0) {
      this.consumer = {
        accepting: true,
        deliver: ({ headers, body }) => pipeline.deliverEvent({ source, headers, body }),
      };
      broker.consume(service, routes.events.keys(), this.consumer);
    }
    if (routes.requests.size > 0) {
      this.server = {
        accepting: true,
        serve: (headers, body) => pipeline.deliverRequest({ source, headers, body }),
      };
      broker.serve(service, this.server);
    }
  }

  protected async sendEvent(envelope: Envelope, headers: WireHeaders, body: Buffer): Promise<void> {
    const broker = this.connected();
    const event: QueuedEvent = { type: envelope.type, headers, body };
    if (!broker.publish(event)) {
      throw new TransportUnavailableError('memory', `a queue bound to ${envelope.type} is full`);
    }
  }

  protected async sendRequest(
    target: string,
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
  ): Promise<void> {
    const server = this.connected().serverOf(target);
    if (!server) {
      throw new TransportUnavailableError('memory', `no running instance of "${target}"`);
    }
    const requestId = envelope.messageId;
    // Encoded both ways, as on a wire: caller and server never share an object.
    void server.serve(headers, body).then(
      (reply) => {
        const wire = encodeReply(requestId, reply, this.options.maxMessageBytes);
        const decoded = decodeReply(wire.headers, wire.body, this.options.maxMessageBytes);
        this.pending.settle(requestId, decoded.reply);
      },
      (error: Error) => this.pending.fail(requestId, error),
    );
  }

  override deadLetters(): DeadLetterStore {
    return new MemoryDeadLetterStore(
      () => this.connected(),
      this.options.service,
      deadLetterHeaders,
    );
  }

  protected async writeDeadLetter(deadLetter: DeadLetter): Promise<void> {
    // Not refused while the broker "restarts": that outage is about publishing.
    const broker = this.broker;
    if (!broker) throw new TransportUnavailableError('memory', 'the bus is closed');
    broker.addDeadLetter(this.options.service, deadLetter);
  }

  protected async stopConsuming(): Promise<void> {
    if (this.consumer) this.consumer.accepting = false;
    if (this.server) this.server.accepting = false;
  }

  protected async disconnect(): Promise<void> {
    const { service } = this.options;
    if (this.consumer) this.broker?.detach(service, this.consumer);
    if (this.server) this.broker?.stopServing(service, this.server);
    this.broker = undefined;
  }

  /** The events of the service's queue not yet acked (in-flight ones included, as in Kafka's lag). */
  protected override async readBacklog(): Promise<BacklogReading> {
    if (!this.consumer || !this.broker) return NOTHING_TO_SAMPLE;
    const messages = this.broker.pendingOf(this.options.service);
    return {
      samples: [{ kind: 'event', source: `memory:${this.options.service}`, messages }],
      failed: [],
    };
  }

  /** The broker, or TransportUnavailableError while it is "restarting" or after close. */
  private connected(): MemoryBroker {
    const broker = this.broker;
    if (!broker || !broker.up) {
      throw new TransportUnavailableError('memory', `broker ${this.options.memory.broker} is down`);
    }
    return broker;
  }
}

/** The headers a stored dead letter carries, as the broker transports write them. */
export function deadLetterHeaders(deadLetter: DeadLetter): WireHeaders {
  return {
    ...deadLetter.headers,
    [HEADER.error]: deadLetter.error,
    [HEADER.attempts]: String(deadLetter.attempts),
    [HEADER.deadLetterReason]: deadLetter.reason,
  };
}
