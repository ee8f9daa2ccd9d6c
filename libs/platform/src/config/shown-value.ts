/** Names whose values are secrets: never shown, whatever they hold. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|(^|_)KEY($|_)|CREDENTIAL|PRIVATE/i;

/** A URL with its password replaced by `***`; the text unchanged if it is no URL with one. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^/\s]*@/i, '$1:***@');
}

/**
 * How a variable's value may appear in an error or a log: never a secret's, never a URL's
 * password. A bad value is still named by its variable and why it is bad.
 */
export function shownValue(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return '(secret, not shown)';
  return redactUrl(value);
}
