import { z } from 'zod/v4';
import { FieldProblem } from './invalid-request';

/**
 * zod's issues as the gateway's 400 names them: one entry per field, by its path (`items.0.quantity`;
 * '' for the value as a whole), with all of that field's problems, in the order they were found.
 * An unknown property is a field of its own, as a missing one is.
 */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  const add = (path: readonly PropertyKey[], problem: string) => {
    const field = path.map(String).join('.');
    byField.set(field, [...(byField.get(field) ?? []), problem]);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key], issue.message);
    } else {
      add(issue.path, issue.message);
    }
  }
  return [...byField].map(([field, problems]) => ({ field, problems }));
}
