// @ts-check
const { refusal } = require('./refusal');

/**
 * Every spelling of one service's name the templates and edits need, derived once.
 * @typedef {object} ServiceNames
 * @property {string} key        registry key, bus service name, file stem: `shipping`
 * @property {string} app        Nest project and folder: `shipping-service`
 * @property {string} constant   environment prefix: `SHIPPING` (SHIPPING_HTTP_PORT, ...)
 * @property {string} className  class prefix: `Shipping` (ShippingModule, ShippingEntity, ...)
 */

/** Names that would collide with what the repo already derives from them. */
const RESERVED = new Map([
  ['gateway', 'GATEWAY_HTTP_PORT belongs to api-gateway'],
  ['api', 'api-gateway is the edge, not a bounded context'],
]);

/**
 * `ShippingService`, `shipping_service`, ` Shipping ` → `shipping-service`.
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
 * `Shipping`, `shipping` and `shipping-service` all name the service `shipping`. One word only:
 * the bus derives a peer's variables as `<KEY>_HOST` / `<KEY>_TCP_PORT` from the registry key
 * (libs/messaging), and the repo checks derive `<KEY>` from the app name, so a dash would
 * break both.
 * @param {unknown} input
 * @returns {ServiceNames}
 */
function serviceNames(input) {
  const given = typeof input === 'string' ? input : '';
  const key = toKebab(given).replace(/-service$/, '');
  if (!/^[a-z][a-z0-9]*$/.test(key)) {
    throw refusal(
      `"${given}" is not a service name: use one word of letters and digits, starting with a ` +
        'letter (e.g. shipping, Shipping or shipping-service).',
    );
  }
  const reason = RESERVED.get(key);
  if (reason) throw refusal(`"${key}" is reserved: ${reason}.`);
  return {
    key,
    app: `${key}-service`,
    constant: key.toUpperCase(),
    className: key[0].toUpperCase() + key.slice(1),
  };
}

module.exports = { serviceNames };
