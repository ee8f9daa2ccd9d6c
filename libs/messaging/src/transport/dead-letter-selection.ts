import {
  assertLimit,
  assertSelection,
  DeadLetterSelection,
  MAX_DEAD_LETTERS_PER_CALL,
} from './dead-letter-store';

interface Identified {
  readonly id: string;
}

/**
 * One page of `letters` (oldest first: ids order by storage time) after `after`, which need not
 * be stored any more: the page starts at the first id past it.
 */
export function pageOf<L extends Identified>(
  letters: readonly L[],
  query: { limit: number; after?: string },
): { page: L[]; next?: string } {
  assertLimit(query.limit);
  const { after } = query;
  const rest = after ? letters.filter((letter) => letter.id > after) : letters;
  const page = rest.slice(0, query.limit);
  return { page, next: rest.length > page.length ? page.at(-1)?.id : undefined };
}

/** What a replay or discard of `selection` acts on among `letters`, and the ids not among them. */
export function selectLetters<L extends Identified>(
  letters: readonly L[],
  selection: DeadLetterSelection,
): { targets: L[]; missing: string[] } {
  assertSelection(selection);
  if (selection === 'all')
    return { targets: letters.slice(0, MAX_DEAD_LETTERS_PER_CALL), missing: [] };
  const byId = new Map(letters.map((letter) => [letter.id, letter]));
  return {
    targets: [...new Set(selection)].flatMap((id) => byId.get(id) ?? []),
    missing: selection.filter((id) => !byId.has(id)),
  };
}

/** Runs calls one after another: a store's reads and settlements never interleave. */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const done = this.tail.then(work);
    this.tail = done.catch(() => undefined);
    return done;
  }
}
