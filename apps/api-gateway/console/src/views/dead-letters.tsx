import { useState } from 'preact/hooks';
import type {
  DeadLetterOutcomeView,
  DeadLetterPageView,
  DeadLetterView,
} from '@railyard/contracts';
import { ApiError, callApi, errorText } from '../api/admin-api';
import { LiveState } from '../api/live-stream';
import { useFetched } from '../api/use-fetched';
import { DeadLetterEditor } from './dead-letter-editor';
import { DeadLetterTable } from './dead-letter-table';

interface Props {
  token: string;
  live: LiveState;
  onDenied: (error: ApiError) => void;
}

const PAGE = 50;

const BULK_ACTIONS = [
  { verb: 'replay', label: 'Replay selected', testId: 'replay-selected', all: false },
  { verb: 'discard', label: 'Discard selected', testId: 'discard-selected', all: false },
  { verb: 'replay', label: 'Replay all', testId: 'replay-all', all: true },
  { verb: 'discard', label: 'Discard all', testId: 'discard-all', all: true },
] as const;

/**
 * One service's dead letters (its transport's dead-letter store), a page at a time, listed again
 * when the live count changes; replay or discard the selected ones or all, or fix one and replay.
 */
export function DeadLetters({ token, live, onDenied }: Props) {
  // The services as the overview lists them (the contracts' SERVICES): the page keeps no list.
  const services = live.overview?.services.map((s) => s.service) ?? ['order'];
  const [service, setService] = useState(services[0]);
  const [after, setAfter] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [editing, setEditing] = useState<DeadLetterView>();
  const [outcome, setOutcome] = useState<string>();
  const count = live.overview?.services.find((s) => s.service === service && s.reachable);
  const seen = count && count.reachable ? count.deadLetters : undefined;

  const base = `/admin/dead-letters/${service}`;
  const cursor = after.at(-1);
  const page = useFetched(
    () =>
      callApi<DeadLetterPageView>(
        token,
        `${base}?limit=${PAGE}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
      ),
    [base, cursor, seen],
    onDenied,
  );

  const act = async (verb: 'replay' | 'discard', body: { ids: string[] } | { all: true }) => {
    const what =
      'all' in body ? `ALL dead letters of ${service}` : `${body.ids.length} dead letter(s)`;
    if (!window.confirm(`${verb === 'replay' ? 'Replay' : 'Discard'} ${what}?`)) return;
    await run(
      () => callApi<DeadLetterOutcomeView>(token, `${base}/${verb}`, { method: 'POST', body }),
      verb,
    );
  };
  const run = async (call: () => Promise<DeadLetterOutcomeView>, verb: string) => {
    setOutcome(`${verb}…`);
    try {
      const { done, missing, remaining } = await call();
      setOutcome(`${verb}: ${done.length} done, ${missing.length} missing, ${remaining} remaining`);
      setSelected([]);
      setEditing(undefined);
      page.reload();
    } catch (error) {
      setOutcome(`${verb} failed: ${errorText(error)}`);
    }
  };
  const switchTo = (name: string) => {
    setService(name);
    setAfter([]);
    setSelected([]);
    setEditing(undefined);
  };

  return (
    <section aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      <label>
        Service{' '}
        <select
          data-testid="dead-letter-service"
          value={service}
          onChange={(event) => switchTo(event.currentTarget.value)}
        >
          {services.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <div class="actions">
        {BULK_ACTIONS.map(({ verb, label, testId, all }) => (
          <button
            type="button"
            key={testId}
            data-testid={testId}
            disabled={!all && selected.length === 0}
            onClick={() => act(verb, all ? { all: true } : { ids: selected })}
          >
            {label}
          </button>
        ))}
        <button type="button" onClick={() => page.reload()}>
          Refresh
        </button>
        {outcome && (
          <span role="status" data-testid="dead-letter-outcome">
            {outcome}
          </span>
        )}
      </div>
      {page.error && (
        <p role="alert" class="error">
          {page.error}
        </p>
      )}
      {page.data && (
        <DeadLetterTable
          entries={page.data.entries}
          selected={selected}
          onSelect={setSelected}
          onEdit={setEditing}
        />
      )}
      <nav aria-label="Pages" class="actions">
        <button
          type="button"
          disabled={after.length === 0}
          onClick={() => setAfter(after.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.next}
          onClick={() => setAfter([...after, page.data!.next!])}
        >
          Next page
        </button>
      </nav>
      {editing && (
        <DeadLetterEditor
          letter={editing}
          onCancel={() => setEditing(undefined)}
          onReplay={(payload) =>
            run(
              () =>
                callApi<DeadLetterOutcomeView>(
                  token,
                  `${base}/${encodeURIComponent(editing.id)}/replay-edited`,
                  {
                    method: 'POST',
                    body: { payload },
                  },
                ),
              'replay edited',
            )
          }
        />
      )}
    </section>
  );
}
