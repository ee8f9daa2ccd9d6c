import { describeDeadLetterOperations } from './dead-letter-operations.suite';
import { tcpHarness } from './support/tcp.harness';

jest.setTimeout(60_000);

describeDeadLetterOperations(tcpHarness);
