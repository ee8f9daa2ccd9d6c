import { OneAtATime, pageOf, selectLetters } from './dead-letter-selection';
import {
  DeadLetterEntry,
  DeadLetterOutcome,
  DeadLetterPage,
  DeadLetterSelection,
  DeadLetterStore,
} from './dead-letter-store';

/**
 * A store that can read all of its letters at once (a file, a log read to its end, memory) and
 * settle one by marking or forgetting it: the operations are the same on each, only these steps
 * differ. Calls run one at a time. A replay redelivers a letter before settling it, so a crash in
 * between gives a duplicate (the inbox deduplicates by message id), never a loss.
 */
export abstract class ListedDeadLetterStore<
  L extends { readonly id: string },
> implements DeadLetterStore {
  private readonly calls = new OneAtATime();

  /** Every letter still stored, oldest first (ids order by storage time). */
  protected abstract letters(): Promise<L[]>;
  protected abstract entryOf(letter: L): DeadLetterEntry;
  /** Delivers the letter's original message (or `body` in its place) where it was consumed from. */
  protected abstract redeliver(letter: L, body?: Buffer): Promise<void>;
  /** Removes the letter from what letters() returns; durable before it resolves. */
  protected abstract settled(letter: L): Promise<void>;

  list(query: { limit: number; after?: string }): Promise<DeadLetterPage> {
    return this.calls.run(async () => {
      const { page, next } = pageOf(await this.letters(), query);
      return { entries: page.map((letter) => this.entryOf(letter)), next };
    });
  }

  show(id: string): Promise<DeadLetterEntry | undefined> {
    return this.calls.run(async () => {
      const letter = (await this.letters()).find((candidate) => candidate.id === id);
      return letter && this.entryOf(letter);
    });
  }

  replay(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle(selection, (letter) => this.redeliver(letter)));
  }

  replayEdited(id: string, body: Buffer): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle([id], (letter) => this.redeliver(letter, body)));
  }

  discard(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle(selection, () => Promise.resolve()));
  }

  count(cap: number): Promise<number> {
    return this.calls.run(async () => Math.min(cap, (await this.letters()).length));
  }

  /**
   * How many letters are left after settling `done` of `before`. Reads them again by default: a
   * replay that failed for good was dead-lettered anew.
   */
  protected async remaining(_before: number, _done: number): Promise<number> {
    return (await this.letters()).length;
  }

  /** Runs once a call settled what it selected (housekeeping of the marks). */
  protected async afterSettling(_before: number): Promise<void> {}

  private async settle(
    selection: DeadLetterSelection,
    act: (letter: L) => Promise<void>,
  ): Promise<DeadLetterOutcome> {
    const letters = await this.letters();
    const { targets, missing } = selectLetters(letters, selection);
    const done: string[] = [];
    for (const letter of targets) {
      await act(letter);
      await this.settled(letter);
      done.push(letter.id);
    }
    await this.afterSettling(letters.length);
    return { done, missing, remaining: await this.remaining(letters.length, done.length) };
  }
}
