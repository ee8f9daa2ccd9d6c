import { Injectable } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import {
  CONTRACTS,
  isMessageContract,
  isOneWayContract,
  isRequestContract,
  MessageContract,
  OneWayContract,
  PayloadInput,
  RequestContract,
  ResultOf,
} from '@railyard/contracts';
import { Observable } from 'rxjs';
import { MessageBus } from './message-bus.service';

const BY_TYPE = new Map(CONTRACTS.map((contract) => [contract.type, contract]));

/**
 * Nest's `ClientProxy` over the bus, for code written against `@nestjs/microservices` clients:
 * `send` answers an Observable of the reply, `emit` one that completes once the broker confirmed.
 * A pattern is a contract (typed) or its wire type (looked up in the contracts). It adds no
 * connection of its own: the MessagingModule's bus carries everything, with its timeouts, and the
 * module closes it. Prefer MessageBus in new code: it returns promises and needs no subscription.
 */
@Injectable()
export class RailyardClient extends ClientProxy {
  constructor(private readonly bus: MessageBus) {
    super();
  }

  override send<C extends RequestContract>(
    contract: C,
    payload: PayloadInput<C>,
  ): Observable<ResultOf<C>>;
  override send<TResult = unknown, TInput = unknown>(
    pattern: string,
    data: TInput,
  ): Observable<TResult>;
  override send(pattern: unknown, data: unknown): Observable<unknown> {
    return super.send(pattern, data);
  }

  override emit<C extends OneWayContract>(contract: C, payload: PayloadInput<C>): Observable<void>;
  override emit<TResult = unknown, TInput = unknown>(
    pattern: string,
    data: TInput,
  ): Observable<TResult>;
  override emit(pattern: unknown, data: unknown): Observable<unknown> {
    return super.emit(pattern, data);
  }

  /** The bus is connected by the MessagingModule when the application starts. */
  override async connect(): Promise<void> {}

  /** The MessagingModule closes the bus with the application. */
  override close(): void {}

  override unwrap<T>(): T {
    // ClientProxy's contract: the caller names what it expects the underlying client to be.
    return this.bus as T;
  }

  protected override publish(
    packet: ReadPacket,
    callback: (packet: WritePacket) => void,
  ): () => void {
    let cancelled = false;
    const contract = contractOf(packet.pattern);
    if (!isRequestContract(contract)) {
      throw new Error(
        `${contract.type} is ${contract.kind === 'event' ? 'an event' : 'one-way'}: emit it`,
      );
    }
    this.bus.request(contract, packet.data).then(
      (response) => !cancelled && callback({ response, isDisposed: true }),
      (err: unknown) => !cancelled && callback({ err, isDisposed: true }),
    );
    // Unsubscribing stops listening; the request itself ends on its own timeout.
    return () => {
      cancelled = true;
    };
  }

  protected override async dispatchEvent<T>(packet: ReadPacket): Promise<T> {
    const contract = contractOf(packet.pattern);
    if (!isOneWayContract(contract)) throw new Error(`${contract.type} is a request: send it`);
    await this.bus.publish(contract, packet.data);
    // ClientProxy lets the caller type an event's acknowledgement; the bus confirms with no value.
    return undefined as T;
  }
}

function contractOf(pattern: unknown): MessageContract {
  if (typeof pattern === 'string') {
    const contract = BY_TYPE.get(pattern);
    if (contract) return contract;
    throw new Error(`no contract defines the message type ${pattern}`);
  }
  if (isMessageContract(pattern)) return pattern;
  throw new Error('a RailyardClient pattern is a contract or its type');
}
