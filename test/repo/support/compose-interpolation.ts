/**
 * Docker Compose's interpolation of one value, for checking what a service is given: `$$` is a
 * literal `$`; `${VAR}` and `$VAR` the variable (empty when unset); `${VAR:-default}` the default
 * when unset or empty, `${VAR-default}` when unset; `${VAR:?message}` refuses unset or empty,
 * `${VAR?message}` unset. Nested expressions are refused: docker-compose.yml uses none.
 */
export function interpolate(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return text.replace(
    /\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced?: string, bare?: string) => {
      if (match === '$$') return '$';
      if (bare !== undefined) return env[bare] ?? '';
      const expression = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])(.*))?$/s.exec(braced ?? '');
      if (!expression || expression[4]?.includes('$')) {
        throw new Error(`unsupported interpolation "${match}"`);
      }
      const [, name, colon, operator, argument] = expression;
      const value = env[name];
      const missing = value === undefined || (colon === ':' && value === '');
      if (!operator || !missing) return value ?? '';
      if (operator === '-') return argument;
      throw new Error(`required variable ${name} is missing a value: ${argument}`);
    },
  );
}
