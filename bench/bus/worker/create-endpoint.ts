import { benchNames } from '../bench-names';
import { benchOptions } from '../bench-options';
import { BenchEndpoint } from '../endpoints/bench-endpoint';
import { RailyardEndpoint } from '../endpoints/railyard.endpoint';
import { RawAmqpEndpoint } from '../endpoints/raw-amqp.endpoint';
import { RawKafkaEndpoint } from '../endpoints/raw-kafka.endpoint';
import { RawTcpEndpoint } from '../endpoints/raw-tcp.endpoint';
import { WorkerSpec } from './worker-protocol';

/** The endpoint a worker measures: the bus, or the raw client of its transport. */
export function createEndpoint(spec: WorkerSpec): BenchEndpoint {
  const options = benchOptions(spec.runId, spec.transport, spec.variant, spec.tcpPort);
  const { type, service } = benchNames(spec.runId, spec.transport, spec.variant);
  if (spec.variant === 'railyard') return new RailyardEndpoint(options, type);
  switch (options.transport) {
    case 'kafka':
      return new RawKafkaEndpoint(options, type, service);
    case 'rabbitmq':
      return new RawAmqpEndpoint(options, type);
    case 'tcp':
      return new RawTcpEndpoint(options, type);
  }
}
