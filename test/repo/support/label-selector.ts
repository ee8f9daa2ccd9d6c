/**
 * Kubernetes label selectors as kubectl's `-l` and kustomize's `labelSelector` take them:
 * comma-separated requirements, each `key=value`, `key==value`, `key!=value`, `key in (a,b)` or
 * `key notin (a,b)`; all must hold. As in Kubernetes, `!=` and `notin` also select objects that
 * lack the key. Existence tests (`key`, `!key`) are refused: nothing here uses them.
 */
type Requirement = (labels: Record<string, string>) => boolean;

const SET = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/;

export function parseLabelSelector(selector: string): Requirement {
  // Commas separate requirements except inside a set's parentheses.
  const parts = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  const requirements = parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map(requirement);
  if (requirements.length === 0) throw new Error(`empty label selector "${selector}"`);
  return (labels) => requirements.every((holds) => holds(labels));
}

function requirement(text: string): Requirement {
  const set = SET.exec(text);
  if (set) {
    const [, key, operator, list] = set;
    const values = new Set(list.split(',').map((value) => value.trim()));
    return operator === 'in'
      ? (labels) => key in labels && values.has(labels[key])
      : (labels) => !(key in labels) || !values.has(labels[key]);
  }
  const equality = EQUALITY.exec(text);
  if (equality) {
    const [, key, operator, value] = equality;
    return operator === '!='
      ? (labels) => labels[key] !== value
      : (labels) => labels[key] === value;
  }
  throw new Error(`unsupported label selector requirement "${text}"`);
}
