import { useState } from 'preact/hooks';
import { ApiError, callApi } from '../api/admin-api';
import { SAGA_STATUSES, SagaSummary } from '../api/console-types';
import { LiveState } from '../api/live-stream';
import { useFetched } from '../api/use-fetched';
import { ColumnHeaders } from './column-headers';
import { SagaDetailView } from './saga-detail';

interface Props {
  token: string;
  live: LiveState;
  onDenied: (error: ApiError) => void;
}

/** A filtered list asks the gateway at most this often; unfiltered, the stream's list is shown. */
const FILTERED_REFRESH_MS = 5_000;

/** Sagas of one hosting service: newest-updated first, filtered by status and age, live. */
export function Sagas({ token, live, onDenied }: Props) {
  const hosts = Object.keys(live.sagas ?? { order: [] });
  const [service, setService] = useState(hosts[0] ?? 'order');
  const [statuses, setStatuses] = useState<string[]>([]);
  const [olderThan, setOlderThan] = useState('');
  const [open, setOpen] = useState<string>();
  const filtered = statuses.length > 0 || olderThan !== '';

  const query = new URLSearchParams({ limit: '50' });
  statuses.forEach((status) => query.append('status', status));
  if (olderThan !== '') query.set('olderThanSeconds', olderThan);
  const fetched = useFetched(
    () =>
      filtered
        ? callApi<{ entries: SagaSummary[] }>(token, `/admin/sagas/${service}?${query}`)
        : Promise.resolve(undefined),
    [service, query.toString(), Math.floor(live.tick / FILTERED_REFRESH_MS)],
    onDenied,
  );
  const entries = filtered ? fetched.data?.entries : live.sagas?.[service];
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
          {SAGA_STATUSES.map((status) => (
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

function SagaTable({ entries, onOpen }: { entries?: SagaSummary[]; onOpen: (id: string) => void }) {
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
