// @ts-check
const { REPO_FILES, readRequired } = require('../../common/repo-files');
const { insertAfterLastLine } = require('../../common/text-edit');

/**
 * Documents the service's variables in .env.example beside the other services': its ports and
 * host after the last `<NAME>_HOST=` line, its PostgreSQL URL (commented: SQLite is the default)
 * after the last `# <NAME>_DATABASE_URL=` line. Without those anchors, at the end of the file.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addEnvExample({ snake, app, constant, httpPort, tcpPort }) {
  return (tree) => {
    const ports = [
      `# ${app} HTTP port, TCP transport port, and host others reach it at`,
      `${constant}_HTTP_PORT=${httpPort}`,
      `${constant}_TCP_PORT=${tcpPort}`,
      `${constant}_HOST=127.0.0.1`,
    ].join('\n');
    const database = `# ${constant}_DATABASE_URL=postgres://postgres@127.0.0.1:5432/${snake}`;
    let text = readRequired(tree, REPO_FILES.envExample);
    text = insertAfterLastLine(text, /^[A-Z][A-Z0-9_]*_HOST=/, ports) ?? appendBlock(text, ports);
    text =
      insertAfterLastLine(text, /^# [A-Z][A-Z0-9_]*_DATABASE_URL=/, database) ??
      appendBlock(
        text,
        `# ${app}: PostgreSQL URL; unset = an SQLite file under DATA_DIR\n${database}`,
      );
    tree.overwrite(REPO_FILES.envExample, text);
  };
}

/**
 * @param {string} text
 * @param {string} block
 */
function appendBlock(text, block) {
  return `${text.replace(/\n*$/, '')}\n\n${block}\n`;
}

module.exports = { addEnvExample };
