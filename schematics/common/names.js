// @ts-check
const { refusal } = require('./refusal');

/**
 * Every spelling of one service's name the templates and edits need, derived once.
 * @typedef {object} ServiceNames
 * @property {string} key          registry key, bus service name, wire prefix, file stem:
 *                                 `shipping`, `order-history` (types `order-history.create`, ...)
 * @property {string} app          Nest project and folder: `order-history-service`
 * @property {string} constant     environment prefix: `ORDER_HISTORY` (ORDER_HISTORY_HTTP_PORT, ...)
 * @property {string} className    class prefix: `OrderHistory` (OrderHistoryModule, ...)
 * @property {string} propertyName value prefix: `orderHistory` (orderHistoryView, ...)
 * @property {string} snake        SQL table and PostgreSQL database: `order_history`
 * @property {string} registryKey  the key as SERVICES spells it: `shipping`, `'order-history'`
 * @property {string} servicesEntry its entry read in code: `SERVICES.shipping`,
 *                                 `SERVICES['order-history']`
 */

/** Names that would collide with what the repo already derives from them. */
const RESERVED = new Map([
  ['gateway', 'GATEWAY_HTTP_PORT belongs to api-gateway'],
  ['api', 'api-gateway is the edge, not a bounded context'],
  ['api-gateway', 'api-gateway is the edge, not a bounded context'],
]);

/** Lowercase words of letters and digits, each starting with a letter, joined by single dashes. */
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;

/**
 * `OrderHistory`, `orderHistory`, `order_history`, ` Order History ` → `order-history`.
 * @param {string} input
 */
function toKebab(input) {
  return input
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[\s_]+/g, '-')
    .toLowerCase();
}

/**
 * `order-history` → `OrderHistory`.
 * @param {string} kebab
 */
function toPascal(kebab) {
  return kebab
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/**
 * `order-history` → `orderHistory`.
 * @param {string} kebab
 */
function toCamel(kebab) {
  const pascal = toPascal(kebab);
  return pascal[0].toLowerCase() + pascal.slice(1);
}

/**
 * `Shipping`, `shipping` and `shipping-service` all name the service `shipping`; `OrderHistory`,
 * `order_history` and `order-history-service` name `order-history`. The key is what the bus,
 * the registry (SERVICES) and the wire types use; the environment prefix is its words in
 * capitals joined by `_` (ORDER_HISTORY_*), as databaseUrlVariable derives it.
 * @param {unknown} input
 * @returns {ServiceNames}
 */
function serviceNames(input) {
  const given = typeof input === 'string' ? input : '';
  const key = toKebab(given).replace(/-service$/, '');
  if (!KEBAB.test(key)) {
    throw refusal(
      `"${given}" is not a service name: use words of letters and digits, each starting with a ` +
        'letter, joined by dashes (e.g. shipping, order-history, OrderHistory or ' +
        'order-history-service).',
    );
  }
  const reason = RESERVED.get(key);
  if (reason) throw refusal(`"${key}" is reserved: ${reason}.`);
  const identifier = /^[a-z][a-z0-9]*$/.test(key);
  return {
    key,
    app: `${key}-service`,
    constant: key.toUpperCase().replace(/-/g, '_'),
    className: toPascal(key),
    propertyName: toCamel(key),
    snake: key.replace(/-/g, '_'),
    registryKey: identifier ? key : `'${key}'`,
    servicesEntry: identifier ? `SERVICES.${key}` : `SERVICES['${key}']`,
  };
}

module.exports = { serviceNames, toKebab, toPascal, toCamel, KEBAB };
