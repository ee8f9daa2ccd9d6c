import { describeDeadLetterOperations } from './dead-letter-operations.suite';
import { rabbitmqHarness } from './support/rabbitmq.harness';

jest.setTimeout(60_000);

describeDeadLetterOperations(rabbitmqHarness);
