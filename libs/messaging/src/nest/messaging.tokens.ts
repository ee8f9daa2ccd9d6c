/** DI tokens of the bus. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_TRANSPORT = Symbol('MESSAGING_TRANSPORT');
