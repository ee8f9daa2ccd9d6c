import { SetMetadata, UseInterceptors } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { guardHandler } from './guard-handler';
import { ResilienceInterceptor } from './resilience.interceptor';
import { ResilientMetadata, ResilientOptions } from './resilient-metadata';
import { RESILIENT_METADATA } from './resilience.tokens';

/**
 * Guards a handler (or every route handler of a controller) that calls one downstream with that
 * downstream's shared policy: bulkhead, budget, retry, breaker, attempt timeout. The handler
 * reads its attempt's deadline with `@CurrentAttempt()`. E.g. `@Resilient('payment')` on a
 * handler that asks payment-service for an account. Pipes run first: only a request that passed
 * validation reaches the policy (see guardHandler).
 */
export function Resilient(
  downstream: string,
  options: ResilientOptions = {},
): ClassDecorator & MethodDecorator {
  const metadata: ResilientMetadata = { downstream, ...options };
  const mark = SetMetadata<string, ResilientMetadata>(RESILIENT_METADATA, metadata);
  const intercept = UseInterceptors(ResilienceInterceptor);
  const decorate = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      descriptor.value = guardHandler(descriptor.value as never);
      mark(target, key!, descriptor);
      intercept(target, key!, descriptor);
      return descriptor;
    }
    // A class decorator runs after its methods' decorators: their routes and own @Resilient exist.
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = prototype[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (Reflect.hasOwnMetadata(RESILIENT_METADATA, method)) continue;
      if (!Reflect.hasOwnMetadata(PATH_METADATA, method)) continue;
      prototype[name] = guardHandler(method as never);
    }
    mark(target as never);
    intercept(target as never);
  };
  return decorate as ClassDecorator & MethodDecorator;
}
