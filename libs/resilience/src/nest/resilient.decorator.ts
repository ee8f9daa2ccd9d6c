import { createParamDecorator, ExecutionContext, Inject, SetMetadata } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { guardHandler, RESILIENCE_REGISTRY } from './guard-handler';
import { resilientCallOf } from './resilient-call';
import { ResilientMetadata, ResilientOptions } from './resilient-metadata';
import { RESILIENT_METADATA } from './resilience.tokens';

/** Resolves the request's ResilientCall for the guarded handler; a parameter nobody declares. */
const HiddenCall = createParamDecorator((_: unknown, context: ExecutionContext) =>
  resilientCallOf(context),
);

/** Controllers whose registry property is already marked for injection. */
const registryInjected = new WeakSet<object>();

/**
 * Guards a handler (or every route handler of a controller) that calls one downstream with that
 * downstream's shared policy: bulkhead, budget, retry, breaker, attempt timeout. The handler
 * reads its attempt's deadline with `@CurrentAttempt()`. E.g. `@Resilient('payment')` on a
 * handler that asks payment-service for an account. Pipes run first: only a request that passed
 * validation reaches the policy (see guardHandler).
 *
 * No interceptor: Nest's interceptor chain (rxjs, two AsyncResource binds per request) alone cost
 * a quarter of a no-I/O route's throughput. Instead the method is wrapped, Nest resolves the
 * request's call as one extra parameter after the declared ones, and the registry is injected
 * into the controller as a property.
 */
export function Resilient(
  downstream: string,
  options: ResilientOptions = {},
): ClassDecorator & MethodDecorator {
  const metadata: ResilientMetadata = { downstream, ...options };
  const mark = SetMetadata<string, ResilientMetadata>(RESILIENT_METADATA, metadata);
  const decorate = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      descriptor.value = guard(target, key!, descriptor.value as Handler, metadata);
      mark(target, key!, descriptor);
      return descriptor;
    }
    // A class decorator runs after its methods' decorators: their routes and own @Resilient exist.
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (Reflect.hasOwnMetadata(RESILIENT_METADATA, method)) continue;
      if (!Reflect.hasOwnMetadata(PATH_METADATA, method)) continue;
      prototype[name] = guard(prototype, name, method as Handler, metadata);
    }
    mark(target as never);
  };
  return decorate as ClassDecorator & MethodDecorator;
}

type Handler = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps one route method, adds its hidden call parameter, and has the registry injected. */
function guard(
  prototype: object,
  key: string | symbol,
  method: Handler,
  metadata: ResilientMetadata,
): Handler {
  // Parameter decorators ran before this method decorator: the hidden parameter goes after every
  // declared or decorated one, so no argument of the handler moves.
  const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, prototype.constructor, key) ??
    {}) as Record<string, { index: number }>;
  const index = Math.max(method.length, ...Object.values(declared).map((arg) => arg.index + 1));
  HiddenCall()(prototype, key, index);
  if (!registryInjected.has(prototype)) {
    Inject(ResilienceRegistry)(prototype, RESILIENCE_REGISTRY);
    registryInjected.add(prototype);
  }
  return guardHandler(method, metadata);
}
