// @ts-check
const {
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  url,
} = require('@angular-devkit/schematics');

/**
 * The templates under files/: the app itself, its contracts in libs/contracts, its e2e spec, its
 * Kubernetes manifests (deploy/k8s/base/<app>/, as payment-service's; addKubernetesService lists
 * them). A file that exists already fails the merge, and with it the whole run.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function renderService(service) {
  const render = (/** @type {string} */ from, /** @type {string} */ to) =>
    mergeWith(apply(url(`./files/${from}`), [applyTemplates(service), move(to)]));
  return chain([
    render('app', `apps/${service.app}`),
    render('contracts', 'libs/contracts/src'),
    render('e2e', 'test/e2e'),
    render('k8s', `deploy/k8s/base/${service.app}`),
  ]);
}

module.exports = { renderService };
