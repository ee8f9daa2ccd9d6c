// @ts-check
const { refusal } = require('./refusal');
const { insertAfterLastLine } = require('./text-edit');

/** The last line of an import (`import { A } from 'a';` or `} from 'a';`). */
const IMPORT_END = /^(?:import .*|\}) from '[^']+';$/;

/**
 * `text` with `name` imported from `from`: added to that import in alphabetical place, or as a
 * new import after the last one (at the top when there is none).
 * @param {string} text
 * @param {string} name
 * @param {string} from
 */
function ensureImport(text, name, from) {
  const escaped = from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`^import \\{([^}]*)\\} from '${escaped}';$`, 'm');
  const match = pattern.exec(text);
  if (!match) {
    const line = `import { ${name} } from '${from}';`;
    return insertAfterLastLine(text, IMPORT_END, line) ?? `${line}\n${text}`;
  }
  const names = match[1]
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (names.includes(name)) return text;
  const at = names.findIndex((other) => other.localeCompare(name) > 0);
  names.splice(at < 0 ? names.length : at, 0, name);
  return text.replace(pattern, () => `import { ${names.join(', ')} } from '${from}';`);
}

/**
 * `text` with `item` appended to the first array `pattern` finds. `pattern` has three groups: up
 * to and including `[`, the items, and `]` onwards. Undefined when it finds none.
 * @param {string} text
 * @param {RegExp} pattern
 * @param {string} item
 */
function appendToArray(text, pattern, item) {
  if (!pattern.test(text)) return undefined;
  return text.replace(pattern, (_, open, items, close) => {
    const names = String(items)
      .split(',')
      .map((each) => each.trim())
      .filter(Boolean);
    return `${open}${[...names, item].join(', ')}${close}`;
  });
}

/**
 * Registers classes in a module file the way the services' modules list them: each joins its
 * `const <list> = [...]` (commandHandlers, controllers, ...) and is imported. Returns the new
 * text; refuses, naming the file, when a list is not there.
 * @param {string} path for messages
 * @param {string} text
 * @param {Array<{ list: string, name: string, from: string }>} additions
 */
function registerInModule(path, text, additions) {
  let edited = text;
  for (const { list, name, from } of additions) {
    const listed = appendToArray(edited, new RegExp(`(const ${list} = \\[)([^\\]]*)(\\];)`), name);
    if (listed === undefined)
      throw refusal(`${path}: no "const ${list} = [...]" to add ${name} to.`);
    edited = ensureImport(listed, name, from);
  }
  return edited;
}

module.exports = { appendToArray, ensureImport, registerInModule };
