/** The registered saga instances (SagaModule's saga classes, built by Nest). */
export const SAGA_DEFINITIONS = Symbol('SAGA_DEFINITIONS');
/** SagaOptions, read from the environment when the app is created. */
export const SAGA_OPTIONS = Symbol('SAGA_OPTIONS');
/** The machine's SagaSettings (SAGA_OPTIONS' settings). */
export const SAGA_SETTINGS = Symbol('SAGA_SETTINGS');
