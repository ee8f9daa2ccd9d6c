import { describeDeadLetterOperations } from './dead-letter-operations.suite';
import { memoryHarness } from './support/memory.harness';

jest.setTimeout(60_000);

describeDeadLetterOperations(memoryHarness);
