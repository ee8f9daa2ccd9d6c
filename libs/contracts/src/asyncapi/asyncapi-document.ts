import { z } from 'zod/v4';
import { CONTRACTS } from '../catalog';
import { isRequestContract, MessageContract } from '../contract/message-contract';

/** An AsyncAPI 3.0 document: plain JSON, as served and as @asyncapi/parser reads it. */
export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.0.0' };

export interface AsyncApiOptions {
  /** The document's version (the kit's package version). */
  version: string;
  contracts?: readonly MessageContract[];
}

/**
 * The bus described from the contracts, so the document cannot drift from the code: one channel
 * per message type (its address is the wire type every transport routes by), one operation per
 * message from the point of view of the service that owns it (it receives its commands and queries
 * and sends its events), and a reply for every request. Payloads are the contracts' zod schemas
 * as JSON Schema (draft-07, which AsyncAPI's schema format extends).
 */
export function asyncApiDocument({
  version,
  contracts = CONTRACTS,
}: AsyncApiOptions): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const contract of contracts) {
    const name = messageName(contract);
    messages[name] = {
      name,
      title: contract.type,
      summary: contract.summary,
      contentType: 'application/json',
      payload: jsonSchema(contract.payload, 'input'),
      'x-railyard-kind': contract.kind,
      'x-railyard-version': contract.version,
    };
    channels[contract.type] = {
      address: contract.type,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    const operation: Record<string, unknown> = {
      action: contract.kind === 'event' ? 'send' : 'receive',
      channel: { $ref: `#/channels/${escapePointer(contract.type)}` },
      summary: contract.summary,
      description: ownerSentence(contract),
      messages: [{ $ref: `#/channels/${escapePointer(contract.type)}/messages/${name}` }],
    };
    if (isRequestContract(contract)) {
      const result = `${name}Result`;
      const replyChannel = `${contract.type}.reply`;
      messages[result] = {
        name: result,
        title: `${contract.type} (answer)`,
        summary: `What ${contract.service} answers to ${contract.type}.`,
        contentType: 'application/json',
        payload: jsonSchema(contract.result, 'output'),
      };
      channels[replyChannel] = {
        // Each caller has its own reply destination (a reply queue, a reply topic, the TCP link).
        address: null,
        description: `Answers to ${contract.type}, delivered to the caller that asked.`,
        messages: { [result]: { $ref: `#/components/messages/${result}` } },
      };
      operation.reply = {
        channel: { $ref: `#/channels/${escapePointer(replyChannel)}` },
        messages: [{ $ref: `#/channels/${escapePointer(replyChannel)}/messages/${result}` }],
      };
    }
    operations[name] = operation;
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Railyard bus',
      version,
      description:
        'The messages the services exchange, generated from @railyard/contracts. Every message ' +
        'travels in an envelope (message id, correlation id, type, aggregate id, headers) on ' +
        'every transport; the payloads below are what the envelope carries.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: {
      tcp: {
        host: '127.0.0.1:4001',
        protocol: 'tcp',
        description: 'embedded default; each service listens on its TCP_PORT',
      },
      rabbitmq: { host: 'localhost:5672', protocol: 'amqp', protocolVersion: '0.9.1' },
      kafka: { host: 'localhost:9092', protocol: 'kafka' },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

/** `order.create` → `OrderCreate`: an identifier for components and operations. */
function messageName(contract: MessageContract): string {
  return contract.type
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function ownerSentence(contract: MessageContract): string {
  const kind = { event: 'an event', command: 'a command', query: 'a query' }[contract.kind];
  const role = contract.kind === 'event' ? 'emits' : 'handles';
  return `${kind}, version ${contract.version}; ${contract.service}-service ${role} it.`;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io });
  return rest;
}

/** A JSON pointer segment (RFC 6901): `~` and `/` are escaped. */
function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
