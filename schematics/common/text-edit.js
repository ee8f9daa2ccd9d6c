// @ts-check

/**
 * Line-level insertions that keep a file's comments, anchors and layout as they are (a parse and
 * re-print would not). Each returns the new text, or undefined when its anchor is missing.
 */

/**
 * Inserts `block` (lines, no trailing newline) after the last line matching `line`.
 * @param {string} text
 * @param {RegExp} line a pattern for one whole line (tested line by line)
 * @param {string} block
 * @returns {string | undefined}
 */
function insertAfterLastLine(text, line, block) {
  const lines = text.split('\n');
  let last = -1;
  lines.forEach((candidate, index) => {
    if (line.test(candidate)) last = index;
  });
  if (last < 0) return undefined;
  lines.splice(last + 1, 0, ...block.split('\n'));
  return lines.join('\n');
}

/**
 * The line range [start, end) of a top-level YAML key's block: the key line, then every line
 * that is indented or blank, trailing blank lines excluded.
 * @param {string[]} lines
 * @param {RegExp} keyLine
 * @returns {{ start: number, end: number } | undefined}
 */
function topLevelBlock(lines, keyLine) {
  const start = lines.findIndex((candidate) => keyLine.test(candidate));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^\s/.test(lines[end]))) end += 1;
  while (end > start + 1 && lines[end - 1].trim() === '') end -= 1;
  return { start, end };
}

/**
 * Appends `block` at the end of a top-level YAML key's block (before the blank lines that
 * separate it from the next key).
 * @param {string} text
 * @param {RegExp} keyLine
 * @param {string} block
 * @returns {string | undefined}
 */
function appendToTopLevelBlock(text, keyLine, block) {
  const lines = text.split('\n');
  const range = topLevelBlock(lines, keyLine);
  if (!range) return undefined;
  lines.splice(range.end, 0, ...block.split('\n'));
  return lines.join('\n');
}

module.exports = { insertAfterLastLine, appendToTopLevelBlock };
