// @ts-check
const { REPO_FILES, readRequired } = require('../common/repo-files');
const { refusal } = require('../common/refusal');

/**
 * `  order: { httpPort: 3001, tcpPort: 4001 },` or `  'order-history': { ... },` in
 * libs/contracts/src/services.ts
 */
const REGISTRY_ENTRY =
  /^\s*(?:[a-z][a-z0-9]*|'[a-z][a-z0-9-]*'): \{ httpPort: (\d+), tcpPort: (\d+) \},?\s*$/gm;
/** `ORDER_HTTP_PORT=3001` or `# ORDER_TCP_PORT=4001` in .env.example */
const ENV_PORT = /^#?\s*[A-Z][A-Z0-9_]*_(HTTP|TCP)_PORT=(\d+)\s*$/gm;

/**
 * The ports the registry and .env.example already hand out.
 * @param {import('@angular-devkit/schematics').Tree} tree
 */
function usedPorts(tree) {
  /** @type {number[]} */
  const http = [];
  /** @type {number[]} */
  const tcp = [];
  for (const [, httpPort, tcpPort] of readRequired(tree, REPO_FILES.services).matchAll(
    REGISTRY_ENTRY,
  )) {
    http.push(Number(httpPort));
    tcp.push(Number(tcpPort));
  }
  for (const [, kind, port] of readRequired(tree, REPO_FILES.envExample).matchAll(ENV_PORT)) {
    (kind === 'HTTP' ? http : tcp).push(Number(port));
  }
  if (http.length === 0 || tcp.length === 0) {
    throw refusal(
      `found no service ports in ${REPO_FILES.services} or ${REPO_FILES.envExample}; ` +
        'cannot choose the next free ones.',
    );
  }
  return { http, tcp };
}

/**
 * The highest HTTP port in use + 1 and the highest TCP port + 1 (3004 and 4004 after
 * 3001-3003 / 4001-4003), stepping over any port the other family already uses.
 * @param {import('@angular-devkit/schematics').Tree} tree
 */
function nextFreePorts(tree) {
  const { http, tcp } = usedPorts(tree);
  const taken = new Set([...http, ...tcp]);
  const next = (/** @type {number[]} */ ports) => {
    let port = Math.max(...ports) + 1;
    while (taken.has(port)) port += 1;
    taken.add(port);
    return port;
  };
  return { httpPort: next(http), tcpPort: next(tcp) };
}

module.exports = { nextFreePorts, REGISTRY_ENTRY };
