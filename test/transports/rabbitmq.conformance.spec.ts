import { describeTransportConformance } from './conformance.suite';
import { rabbitmqHarness } from './support/rabbitmq.harness';

jest.setTimeout(60_000);

describeTransportConformance(rabbitmqHarness);
