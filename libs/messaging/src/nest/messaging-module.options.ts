import { AppConfig, requireAppConfig } from '@railyard/platform';
import { messagingEnvSchema } from '../config/messaging-env.schema';
import { MessagingOptions } from '../config/messaging-options';
import { messagingOptionsFrom } from '../config/messaging-options.from-config';

/** Names this lib in the errors an app's configuration may cause. */
const OWNER = '@railyard/messaging';

/**
 * What `MessagingModule.forRoot` takes: a service name, whose settings come from the app's
 * validated configuration (its schema merges messagingEnvSchema), or the resolved settings whole
 * (tests, tools, anything that built them itself).
 */
export type MessagingModuleOptions =
  | {
      /** This service's logical name: consumer group, queue prefix, TCP peer name. */
      service: string;
      options?: never;
    }
  | {
      options: MessagingOptions;
      service?: never;
    };

/**
 * The bus's settings for the module's options. `appConfig` is injected optionally, so that
 * `{ service }` without validatedConfigModule fails saying so rather than with Nest's "can't
 * resolve dependencies"; `{ options }` needs none.
 */
export function resolveMessagingOptions(
  moduleOptions: MessagingModuleOptions,
  appConfig: AppConfig | undefined,
): MessagingOptions {
  assertOneOf(moduleOptions);
  if (moduleOptions.options) return moduleOptions.options;
  const config = requireAppConfig(appConfig, OWNER).section(messagingEnvSchema, OWNER);
  return messagingOptionsFrom(moduleOptions.service, config);
}

/**
 * A forRootAsync factory's result is not type-checked closely by Nest's typings, and resolved
 * MessagingOptions carry a `service` too: taken for `{ service }`, they would be silently replaced
 * by the app's config. Refused instead, saying what to return.
 */
function assertOneOf(moduleOptions: MessagingModuleOptions): void {
  const given = Object.entries(moduleOptions)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
  if (given.length === 1 && (given[0] === 'service' || given[0] === 'options')) return;
  throw new Error(
    `${OWNER}: MessagingModule takes { service } or { options }, got { ${given.join(', ')} }` +
      (given.includes('transport') ? ' (resolved settings go in { options: … })' : ''),
  );
}
