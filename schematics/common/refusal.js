// @ts-check
const { SchematicsException } = require('@angular-devkit/schematics');

/**
 * An error for a request the schematic declines (a bad or taken name, a repo file it cannot
 * edit). Thrown before the engine commits the tree, so nothing is written. Its stack is its
 * message: the schematics CLI prints the stack of errors from a local collection (debug mode),
 * and a refusal is not a bug.
 * @param {string} message
 */
function refusal(message) {
  const error = new SchematicsException(`${message} Nothing was changed.`);
  error.stack = error.message;
  return error;
}

module.exports = { refusal };
