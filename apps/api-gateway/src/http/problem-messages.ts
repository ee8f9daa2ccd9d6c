import { z } from 'zod/v4';

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

const withArticle = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const plural = (count: number | bigint, noun: string) =>
  `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * What a client reads for each problem zod finds, in the gateway's words rather than zod's
 * ("expected int, received number"). The field is named beside its problems, so a message does
 * not repeat it. A message a schema sets itself (whole cents, the order total's cap) wins over
 * these; a problem without words here keeps zod's.
 */
export const problemMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${withArticle(issue.expected === 'int' ? 'integer' : String(issue.expected))}`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      // Each unknown key becomes a field of its own (see fieldProblems).
      return 'is not allowed';
    default:
      return undefined;
  }
};

function tooSmall(issue: RawIssue & { code: 'too_small' }): string | undefined {
  const { origin, minimum, inclusive } = issue;
  if (origin === 'array') return `must contain at least ${plural(minimum, 'item')}`;
  if (origin === 'string') {
    return minimum === 1 ? 'must not be empty' : `must be at least ${plural(minimum, 'character')}`;
  }
  if (origin === 'number' || origin === 'int') {
    return inclusive ? `must not be less than ${minimum}` : `must be greater than ${minimum}`;
  }
  return undefined;
}

function tooBig(issue: RawIssue & { code: 'too_big' }): string | undefined {
  const { origin, maximum, inclusive } = issue;
  if (origin === 'array') return `must contain at most ${plural(maximum, 'item')}`;
  if (origin === 'string') return `must be at most ${plural(maximum, 'character')}`;
  if (origin === 'number' || origin === 'int') {
    return inclusive ? `must not be greater than ${maximum}` : `must be less than ${maximum}`;
  }
  return undefined;
}
