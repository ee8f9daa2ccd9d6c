import type { z } from 'zod/v4';

/**
 * - `event`: a fact a service emits; any number of services may bind to it; nobody answers.
 * - `command`: asks the owning service to act. With a `result` it is a request the caller awaits;
 *   without one it is sent one way (the saga's steps) and the outcome arrives later as events.
 * - `query`: asks the owning service for data; always has a `result`; safe to retry.
 */
export type MessageKind = 'event' | 'command' | 'query';

/**
 * One message, defined once: its wire type, who owns it, its kind and version, and the schemas of
 * what it carries and answers. Callers, handlers, the gateway and the AsyncAPI document all read
 * this object; nothing restates its fields or limits.
 */
export interface MessageContract<
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly kind: MessageKind;
  /** The envelope's `type` and the Nest pattern handlers bind to: `<service>.<what>`. */
  readonly type: string;
  /** The service that handles a command or query, or that emits an event (a key of SERVICES). */
  readonly service: string;
  /** Bumped on a breaking change of `payload`; older versions are upcast on arrival. */
  readonly version: number;
  /** One line for people: shown in the AsyncAPI document. */
  readonly summary: string;
  readonly payload: P;
  readonly result: R;
  /**
   * Version n → the payload of version n + 1, for each older version whose payload differs. A
   * message sent at an older version is upcast step by step on arrival, then parsed by `payload`.
   */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/** Turns one version's payload into the next version's (the result is still parsed after). */
export type Upcaster = (older: unknown) => unknown;

/** A contract the caller awaits an answer to (a query, or a command with a result). */
export type RequestContract<
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> = MessageContract<P, R>;

/** A contract sent without waiting for an answer (an event, or a one-way command). */
export type OneWayContract<P extends z.ZodType = z.ZodType> = MessageContract<P, undefined>;

/** What a handler receives once the payload is validated (defaults applied). */
export type PayloadOf<C extends MessageContract> = z.output<C['payload']>;

/** What a caller must send. */
export type PayloadInput<C extends MessageContract> = z.input<C['payload']>;

/** What a request resolves to. */
export type ResultOf<C extends MessageContract> = C['result'] extends z.ZodType
  ? z.output<C['result']>
  : void;

interface ContractFields<P extends z.ZodType> {
  type: string;
  service: string;
  summary: string;
  payload: P;
  /** Defaults to 1. */
  version?: number;
  /** Keyed by the version they upgrade from; a version without one passes unchanged. */
  upcasters?: Readonly<Record<number, Upcaster>>;
}

function define<K extends MessageKind, P extends z.ZodType, R extends z.ZodType | undefined>(
  kind: K,
  fields: ContractFields<P>,
  result: R,
): MessageContract<P, R> & { readonly kind: K } {
  if (!fields.type.startsWith(`${fields.service}.`)) {
    throw new Error(`contract ${fields.type}: its type must start with "${fields.service}."`);
  }
  const version = fields.version ?? 1;
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`contract ${fields.type}: version must be a positive integer`);
  }
  const upcasters = Object.freeze({ ...fields.upcasters });
  for (const from of Object.keys(upcasters).map(Number)) {
    if (!Number.isInteger(from) || from < 1 || from >= version) {
      throw new Error(
        `contract ${fields.type}: an upcaster from version ${from} needs 1 ≤ it < ${version}`,
      );
    }
  }
  return Object.freeze({ ...fields, kind, version, result, upcasters });
}

export function defineEvent<P extends z.ZodType>(fields: ContractFields<P>) {
  return define('event', fields, undefined);
}

/** A command the caller awaits: `bus.request(contract, payload)` resolves to its result. */
export function defineCommand<P extends z.ZodType, R extends z.ZodType>(
  fields: ContractFields<P> & { result: R },
): MessageContract<P, R> & { readonly kind: 'command' };
/** A one-way command: `bus.publish(contract, payload)`; the outcome arrives as events. */
export function defineCommand<P extends z.ZodType>(
  fields: ContractFields<P>,
): MessageContract<P, undefined> & { readonly kind: 'command' };
export function defineCommand(fields: ContractFields<z.ZodType> & { result?: z.ZodType }) {
  const { result, ...rest } = fields;
  return define('command', rest, result);
}

export function defineQuery<P extends z.ZodType, R extends z.ZodType>(
  fields: ContractFields<P> & { result: R },
) {
  const { result, ...rest } = fields;
  return define('query', rest, result);
}

export function isRequestContract(contract: MessageContract): contract is RequestContract {
  return contract.result !== undefined;
}

export function isOneWayContract(contract: MessageContract): contract is OneWayContract {
  return contract.result === undefined;
}

/** Whether a value is a contract defined with defineEvent, defineCommand or defineQuery. */
export function isMessageContract(value: unknown): value is MessageContract {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    'type' in value &&
    'payload' in value &&
    'upcasters' in value
  );
}

/** A message ready to send: its contract and a payload of that contract. */
export interface ContractMessage<C extends MessageContract = MessageContract> {
  readonly contract: C;
  readonly payload: PayloadOf<C>;
}

export function contractMessage<C extends MessageContract>(
  contract: C,
  payload: PayloadOf<C>,
): ContractMessage<C> {
  return { contract, payload };
}
