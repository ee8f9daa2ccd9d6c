import {
  isMessageContract,
  isRequestContract,
  MessageContract,
  MessageKind,
} from './contract/message-contract';
import * as messages from './messages';

const exported: unknown[] = Object.values(messages);

/** Every message of the system, for documents (AsyncAPI) and checks that need them all. */
export const CONTRACTS: readonly MessageContract[] = exported.filter(isMessageContract);

export interface ContractFilter {
  service?: string;
  kind?: MessageKind;
  /** true: events and one-way commands only; false: requests only. */
  oneWay?: boolean;
}

/** The wire types of the contracts that pass the filter, e.g. one service's one-way commands. */
export function contractTypes(filter: ContractFilter = {}): string[] {
  return CONTRACTS.filter(
    (contract) =>
      (filter.service === undefined || contract.service === filter.service) &&
      (filter.kind === undefined || contract.kind === filter.kind) &&
      (filter.oneWay === undefined || filter.oneWay !== isRequestContract(contract)),
  ).map((contract) => contract.type);
}
