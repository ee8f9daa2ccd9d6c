import { describeTransportConformance } from './conformance.suite';
import { kafkaHarness } from './support/kafka.harness';

jest.setTimeout(60_000);

describeTransportConformance(kafkaHarness);
