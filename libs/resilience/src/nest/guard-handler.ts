import { ResilienceRegistry } from '../registry/resilience-registry';
import { ResilientCall } from './resilient-call';
import { ResilientMetadata } from './resilient-metadata';

type Handler = (this: unknown, ...args: unknown[]) => unknown;

/** Where Nest injects the registry into a controller with @Resilient handlers (see Resilient). */
export const RESILIENCE_REGISTRY = Symbol('railyard:resilience-registry');

/**
 * The handler method run through its downstream's policy. Nest calls it with the request's
 * ResilientCall as a hidden last argument, after the pipes, so a malformed body is refused (400)
 * before the policy is consulted, whatever the circuit's state (issue 13); a retry calls the
 * method again with the same, already validated arguments. Called without that argument (directly,
 * by another method, in a unit test) it is the plain method. Metadata that decorators applied
 * earlier left on the original is carried over.
 */
export function guardHandler(original: Handler, metadata: ResilientMetadata): Handler {
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    const call = args[args.length - 1];
    if (!(call instanceof ResilientCall)) return original.apply(this, args);
    args.pop();
    const registry = (this as Record<symbol, ResilienceRegistry>)[RESILIENCE_REGISTRY];
    return registry.get(metadata.downstream).execute(
      async (attempt) => {
        call.attempt = attempt;
        return original.apply(this, args);
      },
      { idempotent: metadata.idempotent ?? call.idempotentRequest, command: call.command },
    );
  };
  for (const key of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), guarded);
  }
  Object.defineProperty(guarded, 'name', { value: original.name });
  return guarded;
}
