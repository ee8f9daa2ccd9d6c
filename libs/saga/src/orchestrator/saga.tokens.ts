export const SAGA_DEFINITIONS = Symbol('SAGA_DEFINITIONS');
export const SAGA_SETTINGS = Symbol('SAGA_SETTINGS');
export const SAGA_TICK_MS = Symbol('SAGA_TICK_MS');
