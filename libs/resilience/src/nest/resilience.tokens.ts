export const RESILIENCE_OPTIONS = Symbol('RESILIENCE_OPTIONS');
/** Metadata key of @Resilient(). */
export const RESILIENT_METADATA = 'railyard:resilient';
/** Where the interceptor leaves the call's attempt (a live view) on the HTTP request, for @CurrentAttempt(). */
export const CURRENT_ATTEMPT = Symbol('railyard:current-attempt');
