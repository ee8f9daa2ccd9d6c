import { describeTransportConformance } from './conformance.suite';
import { tcpHarness } from './support/tcp.harness';

jest.setTimeout(60_000);

describeTransportConformance(tcpHarness);
