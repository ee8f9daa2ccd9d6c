import { MessageContract } from './message-contract';

/**
 * A payload sent at `version`, brought to the contract's current version through its upcasters,
 * one version at a time. A payload from a newer version than the contract knows passes unchanged:
 * the contract's schema decides whether this reader can still take it.
 */
export function upcastPayload(
  contract: MessageContract,
  version: number,
  payload: unknown,
): unknown {
  let current = payload;
  for (let from = version; from < contract.version; from++) {
    const upcast = contract.upcasters[from];
    if (upcast) current = upcast(current);
  }
  return current;
}
