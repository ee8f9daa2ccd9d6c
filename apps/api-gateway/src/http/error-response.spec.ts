import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import {
  DATA_REJECTED,
  RemoteError,
  RequestTimeoutError,
  TransportUnavailableError,
} from '@railyard/messaging';
import { BulkheadFullError, CircuitOpenError, DeadlineExceededError } from '@railyard/resilience';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it.each([
    [new RemoteError('order', 'ORDER_NOT_FOUND', 'no order o-1'), 404, 'no order o-1'],
    [new RemoteError('order', 'IDEMPOTENCY_CONFLICT', 'key used'), 409, 'key used'],
    [
      new RemoteError('order', 'SAGA_STATE_CONFLICT', 'saga is COMPLETED'),
      409,
      'saga is COMPLETED',
    ],
    [new RemoteError('order', 'INVALID_ORDER', 'total too large'), 400, 'total too large'],
    [new RemoteError('order', 'TypeError', 'x is undefined'), 502, 'order failed'],
    [
      new RequestTimeoutError('payment', 'payment.account.get', 500),
      504,
      'payment did not answer in time',
    ],
    [new DeadlineExceededError('payment', 800), 504, 'payment did not answer in time'],
    [new TransportUnavailableError('kafka', 'down'), 503, 'the message bus is unavailable'],
    [new BulkheadFullError('payment', 64, 128), 503, 'payment is unavailable; try again later'],
    [new NotFoundException('Cannot GET /x'), 404, 'Cannot GET /x'],
  ])('maps %s to %i', (error, status, message) => {
    const { body } = toErrorResponse(error);
    expect(body).toMatchObject({ statusCode: status, message, error: expect.any(String) });
  });

  it("answers a database's data error with 422 and its stable code, not as the downstream failing", () => {
    const refused = new RemoteError(
      'order',
      DATA_REJECTED,
      "the database refused the data: a number is out of its column's range",
      { databaseCode: '22003' },
    );
    const answer = toErrorResponse(refused);
    expect(answer.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: "the database refused the data: a number is out of its column's range",
      details: { code: DATA_REJECTED },
    });
    expect(answer.unexpected).toBe(false);
  });

  it('keeps validation details and never leaks a remote error’s details', () => {
    const invalid = new BadRequestException({
      message: 'the request is invalid',
      details: { fields: [] },
    });
    expect(toErrorResponse(invalid).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the request is invalid',
      details: { fields: [] },
    });
    const conflict = new RemoteError('order', 'IDEMPOTENCY_CONFLICT', 'used', { orderId: 'o-1' });
    expect(toErrorResponse(conflict).body.details).toEqual({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('names the Bearer scheme on a 401', () => {
    const refused = toErrorResponse(
      new UnauthorizedException({ message: 'token expired', details: { code: 'UNAUTHENTICATED' } }),
    );
    expect(refused.body).toMatchObject({ statusCode: 401, message: 'token expired' });
    expect(refused.headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('tells a client when to come back to an open circuit', () => {
    expect(toErrorResponse(new CircuitOpenError('payment', 2_500)).headers).toEqual({
      'Retry-After': '3',
    });
    expect(toErrorResponse(new CircuitOpenError('payment', 0)).headers).toEqual({
      'Retry-After': '1',
    });
  });

  it("answers body-parser's own client errors with their status", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });
    expect(toErrorResponse(tooLarge).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request entity too large',
    });
  });

  it('hides crashes behind a plain 500 and flags them for the log', () => {
    const crash = toErrorResponse(new TypeError('cannot read x of undefined'));
    expect(crash.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
    });
    expect(crash.unexpected).toBe(true);
    expect(toErrorResponse(new NotFoundException()).unexpected).toBe(false);
  });
});
