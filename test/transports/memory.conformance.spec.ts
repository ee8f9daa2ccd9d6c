import { describeTransportConformance } from './conformance.suite';
import { memoryHarness } from './support/memory.harness';

jest.setTimeout(60_000);

describeTransportConformance(memoryHarness);
