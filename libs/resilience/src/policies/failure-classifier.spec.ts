import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import {
  DATA_REJECTED,
  MessageTooLargeError,
  RemoteError,
  RequestTimeoutError,
  TransportUnavailableError,
} from '@railyard/messaging';
import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { isDeliberateAnswer, isRetryable } from './failure-classifier';

describe('isDeliberateAnswer', () => {
  it.each([
    ['a coded not-found', new RemoteError('order', 'ORDER_NOT_FOUND', 'no order'), true],
    ['a coded conflict', new RemoteError('order', 'IDEMPOTENCY_CONFLICT', 'used'), true],
    ['a remote crash', new RemoteError('order', 'TypeError', 'x is undefined'), false],
    ['a remote database error', new RemoteError('order', 'QueryFailedError', 'locked'), false],
    ['data the database refused', new RemoteError('order', DATA_REJECTED, 'out of range'), true],
    ['a bus timeout', new RequestTimeoutError('order', 'order.get', 500), false],
    ['an unreachable peer', new TransportUnavailableError('tcp', 'refused'), false],
    ['a message the caller made too large', new MessageTooLargeError(10, 5), true],
    ['an HTTP 4xx', new NotFoundException(), true],
    ['an HTTP 5xx', new ServiceUnavailableException(), false],
    ['a network error', new TypeError('fetch failed'), false],
    ['an attempt timeout', new TaskCancelledError(), false],
    ['a hinted answer', Object.assign(new Error('x'), { downstreamFailure: false }), true],
    ['a hinted failure', Object.assign(new Error('x'), { downstreamFailure: true }), false],
  ])('%s → %s', (_, error, expected) => {
    expect(isDeliberateAnswer(error)).toBe(expected);
  });
});

describe('isRetryable', () => {
  it('retries failures unless the circuit refused or the error says not to', () => {
    expect(isRetryable(new RequestTimeoutError('order', 'order.get', 500))).toBe(true);
    expect(isRetryable(new BrokenCircuitError())).toBe(false);
    expect(isRetryable(Object.assign(new Error('500'), { retryable: false }))).toBe(false);
  });
});
