export const RESILIENCE_OPTIONS = Symbol('RESILIENCE_OPTIONS');
/** Metadata key of @Resilient(). */
export const RESILIENT_METADATA = 'railyard:resilient';
