import { useState } from 'preact/hooks';
import { ApiError, callApi } from '../api/admin-api';
import type { SagaPageView, SagaSummaryView } from '@railyard/contracts';
import { LiveState } from '../api/live-stream';
import { useFetched } from '../api/use-fetched';
import { ColumnHeaders } from './column-headers';
import { SagaDetailView } from './saga-detail';

interface Props {
  token: string;
  live: LiveState;
  onDenied: (error: ApiError) => void;
}

/**
 * Unfiltered, the stream's list is shown as it comes; a filtered one (or any, on a gateway whose
 * stream sends no sagas) is asked for at most this often.
 */
const REFRESH_MS = 2_000;

/** Sagas of one hosting service: newest-updated first, filtered by status and age, live. */
export function Sagas({ token, live, onDenied }: Props) {
  // The hosts and their statuses as the overview counts them: the page keeps no list of its own.
  const counted = live.overview?.services.flatMap((s) => (s.reachable && s.sagas ? [s] : []));
  const hosts = counted?.length ? counted.map((s) => s.service) : ['order'];
  const allStatuses = Object.keys(counted?.[0]?.sagas ?? {});
  const [service, setService] = useState(hosts[0] ?? 'order');
  const [statuses, setStatuses] = useState<string[]>([]);
  const [olderThan, setOlderThan] = useState('');
  const [open, setOpen] = useState<string>();
  const filtered = statuses.length > 0 || olderThan !== '';
  const streamed = filtered ? undefined : live.sagas?.[service];

  const query = new URLSearchParams({ limit: '50' });
  statuses.forEach((status) => query.append('status', status));
  if (olderThan !== '') query.set('olderThanSeconds', olderThan);
  const fetched = useFetched(
    () =>
      streamed
        ? Promise.resolve(undefined)
        : callApi<SagaPageView>(token, `/admin/sagas/${service}?${query}`),
    [service, query.toString(), streamed ? 0 : Math.floor(live.tick / REFRESH_MS)],
    onDenied,
  );
  const entries = streamed ?? fetched.data?.entries;
  const toggle = (status: string) =>
    setStatuses((old) =>
      old.includes(status) ? old.filter((s) => s !== status) : [...old, status],
    );

  return (
    <section aria-labelledby="sagas-title">
      <h2 id="sagas-title">Sagas</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Service{' '}
          <select value={service} onChange={(event) => setService(event.currentTarget.value)}>
            {hosts.map((host) => (
              <option key={host}>{host}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Status</legend>
          {allStatuses.map((status) => (
            <label key={status}>
              <input
                type="checkbox"
                checked={statuses.includes(status)}
                onChange={() => toggle(status)}
              />{' '}
              {status}
            </label>
          ))}
        </fieldset>
        <label>
          Unchanged for at least (s){' '}
          <input
            type="number"
            min={0}
            data-testid="saga-older-than"
            value={olderThan}
            onInput={(event) => setOlderThan(event.currentTarget.value)}
          />
        </label>
      </form>
      {fetched.error && (
        <p role="alert" class="error">
          {fetched.error}
        </p>
      )}
      <SagaTable entries={entries} onOpen={setOpen} />
      {open && (
        <SagaDetailView
          key={open}
          token={token}
          service={service}
          id={open}
          tick={live.tick}
          onDenied={onDenied}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}

function SagaTable(props: { entries?: SagaSummaryView[]; onOpen: (id: string) => void }) {
  const { entries, onOpen } = props;
  if (!entries) return <p>Loading…</p>;
  if (entries.length === 0) return <p data-testid="sagas-empty">No saga matches.</p>;
  return (
    <table data-testid="sagas">
      <thead>
        <tr>
          <ColumnHeaders
            names={['Saga', 'Type', 'Status', 'Step', 'Attempt', 'Deadline', 'Updated']}
          />
        </tr>
      </thead>
      <tbody>
        {entries.map((saga) => (
          <tr key={saga.id} data-testid={`saga-row-${saga.id}`}>
            <td>
              <button
                type="button"
                class="link"
                data-testid={`saga-open-${saga.id}`}
                onClick={() => onOpen(saga.id)}
              >
                {saga.id}
              </button>
            </td>
            <td>{saga.type}</td>
            <td data-testid={`saga-status-${saga.id}`} class={`status ${saga.status}`}>
              {saga.status}
            </td>
            <td>{saga.stepName}</td>
            <td>{saga.attempt}</td>
            <td>{saga.deadline ? new Date(saga.deadline).toLocaleTimeString() : '–'}</td>
            <td>{new Date(saga.updatedAt).toLocaleTimeString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
