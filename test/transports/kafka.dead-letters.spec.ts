import { describeDeadLetterOperations } from './dead-letter-operations.suite';
import { kafkaHarness } from './support/kafka.harness';

jest.setTimeout(120_000);

describeDeadLetterOperations(kafkaHarness);
