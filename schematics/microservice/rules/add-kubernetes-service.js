// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { refusal } = require('../../common/refusal');
const { appendToTopLevelBlock, insertAfterLastLine } = require('../../common/text-edit');

/**
 * Wires the service's manifests (rendered into deploy/k8s/base/<app>/ from files/k8s) into the
 * kustomize base the way the existing services are: its folder after the last service in
 * `resources`, its image in `images` (the placeholder registry and the tag the others have), its
 * port and host in config.env, its database URL placeholder in secrets.env. Each edit is a text
 * insertion after an anchor the repo's files have; a missing one is refused, naming it.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addKubernetesService({ app, constant, httpPort }) {
  return (tree) => {
    /** @type {(edited: string | undefined, file: string, anchor: string) => string} */
    const found = (edited, file, anchor) => {
      if (edited === undefined) throw refusal(`${file}: no ${anchor} to add ${app} to.`);
      return edited;
    };
    let base = readRequired(tree, REPO_FILES.k8sBase);
    const tag = /^ {4}newTag: (.+)$/m.exec(base)?.[1];
    base = found(
      insertAfterLastLine(base, /^ {2}- [a-z0-9-]+-service$/, `  - ${app}`),
      REPO_FILES.k8sBase,
      'service folder in resources',
    );
    base = found(
      tag === undefined
        ? undefined
        : appendToTopLevelBlock(
            base,
            /^images:\s*$/,
            [
              `  - name: railyard/${app}`,
              `    newName: registry.invalid/railyard/${app}`,
              `    newTag: ${tag}`,
            ].join('\n'),
          ),
      REPO_FILES.k8sBase,
      'images list with a newTag',
    );
    tree.overwrite(REPO_FILES.k8sBase, base);
    const lines = [
      [REPO_FILES.k8sConfig, '_HOST', `${constant}_HTTP_PORT=${httpPort}\n${constant}_HOST=${app}`],
      [REPO_FILES.k8sSecrets, '_DATABASE_URL', `${constant}_DATABASE_URL=REPLACE_ME`],
    ];
    for (const [file, suffix, block] of lines) {
      const after = new RegExp(`^[A-Z][A-Z0-9_]*${suffix}=`);
      const edited = insertAfterLastLine(readRequired(tree, file), after, block);
      tree.overwrite(file, found(edited, file, `<SERVICE>${suffix}= line`));
    }
  };
}

module.exports = { addKubernetesService };
