// @ts-check
const { REPO_FILES } = require('../../common/repo-files');

/** The README's list of apps: a line of `name/` folders, at least one of them a `-service/`. */
const APP_LIST = /^( +)((?:[a-z0-9-]+\/ +)*[a-z0-9-]+\/) *$/;
/** The header row of the README's table of services (`| service | ...`). */
const SERVICES_HEADER = /^\|\s*service\s*\|/i;

/**
 * Adds the app to the README: its folder to the list of apps (the Layout section), and a row to
 * the table of services (The services section), whose columns are found by their headers.
 * Documentation only: what is not found is named in a warning, and the run carries on.
 * @param {import('../index').Service} service
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function addReadmeEntry(service) {
  return (tree, context) => {
    const { app } = service;
    const text = tree.exists(REPO_FILES.readme) ? tree.readText(REPO_FILES.readme) : '';
    const lines = text.split('\n');
    const at = lines.findIndex((line) => APP_LIST.test(line) && line.includes('-service/'));
    if (at < 0) {
      context.logger.warn(`${REPO_FILES.readme}: no list of apps found; add ${app}/ by hand.`);
    } else {
      lines[at] = `${lines[at].trimEnd()} ${app}/`;
    }
    if (!addTableRow(lines, service)) {
      context.logger.warn(
        `${REPO_FILES.readme}: no table of services ("| service | ...") found; add ${service.key} by hand.`,
      );
    }
    const edited = lines.join('\n');
    if (edited !== text) tree.overwrite(REPO_FILES.readme, edited);
  };
}

/**
 * Appends the service's row to the table of services and re-aligns the table's columns the way
 * Prettier lays out a Markdown table. Returns false when there is no such table.
 * @param {string[]} lines edited in place
 * @param {import('../index').Service} service
 */
function addTableRow(lines, service) {
  const start = lines.findIndex(
    (line, index) => SERVICES_HEADER.test(line) && /^\|[\s:|-]+\|\s*$/.test(lines[index + 1] ?? ''),
  );
  if (start < 0) return false;
  let end = start + 2;
  while (end < lines.length && lines[end].startsWith('|')) end += 1;
  const rows = lines.slice(start, end).map(cells);
  const header = rows[0];
  rows.push(header.map((title) => cellFor(title, service)));
  const widths = header.map((_, column) =>
    Math.max(3, ...rows.filter((_, i) => i !== 1).map((row) => width(row[column] ?? ''))),
  );
  const table = rows.map((row, index) =>
    index === 1
      ? `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
      : `| ${widths.map((w, column) => pad(row[column] ?? '', w)).join(' | ')} |`,
  );
  lines.splice(start, end - start, ...table);
  return true;
}

/**
 * What the generated service puts in a column, chosen by the column's header.
 * @param {string} title
 * @param {import('../index').Service} service
 */
function cellFor(title, { key, snake, httpPort, tcpPort }) {
  const column = title.toLowerCase();
  if (column === 'service') return key;
  if (/port|http|tcp/.test(column)) return `${httpPort} / ${tcpPort}`;
  if (column.startsWith('owns')) return `\`${snake}\``;
  if (column.startsWith('consumes')) return '`order.confirmed`';
  if (column.startsWith('emits')) return `\`${key}.created\``;
  if (column.startsWith('answers')) return `\`${key}.create\``;
  return '';
}

/** @param {string} row `| a | b |` → ['a', 'b'] */
function cells(row) {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** @param {string} text */
function width(text) {
  return [...text].length;
}

/**
 * @param {string} text
 * @param {number} size
 */
function pad(text, size) {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

module.exports = { addReadmeEntry };
