import { resilientCalls } from './resilient-call';

type Handler = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The handler method run through its call's policy. It runs after Nest's pipes, so a malformed
 * body is refused (400) before the policy is consulted, whatever the circuit's state (issue 13);
 * a retry calls the method again with the same, already validated arguments. Outside a
 * @Resilient request (called directly, in a unit test) it is the plain method. Metadata that
 * decorators applied earlier left on the original is carried over.
 */
export function guardHandler(original: Handler): Handler {
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    const call = resilientCalls.getStore();
    if (!call || call.entered) return original.apply(this, args);
    call.entered = true;
    return call.policy.execute(
      async (attempt) => {
        call.attempt = attempt;
        return original.apply(this, args);
      },
      { idempotent: call.idempotent, command: call.command },
    );
  };
  for (const key of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), guarded);
  }
  Object.defineProperty(guarded, 'name', { value: original.name });
  return guarded;
}
