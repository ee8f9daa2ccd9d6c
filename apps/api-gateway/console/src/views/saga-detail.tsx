import { useState } from 'preact/hooks';
import { ApiError, callApi, errorText } from '../api/admin-api';
import type { SagaDetailView as SagaDetail } from '@railyard/contracts';
import { useFetched } from '../api/use-fetched';

interface Props {
  token: string;
  service: string;
  id: string;
  /** The live tick: the detail and its order are fetched again on each while the saga moves. */
  tick: number;
  onDenied: (error: ApiError) => void;
  onClose: () => void;
}

const TERMINAL = ['COMPLETED', 'COMPENSATED', 'FAILED'];

/** One saga: its steps, where it stands, its timeline, and Retry / Abort for a stuck one. */
export function SagaDetailView({ token, service, id, tick, onDenied, onClose }: Props) {
  const [action, setAction] = useState<string>();
  const [reason, setReason] = useState('');
  const path = `/admin/sagas/${service}/${encodeURIComponent(id)}`;
  const [known, setKnown] = useState<SagaDetail>();
  const settled = known !== undefined && TERMINAL.includes(known.status);
  const detail = useFetched(
    () => callApi<SagaDetail>(token, path).then((saga) => (setKnown(saga), saga)),
    [path, settled ? 0 : tick],
    onDenied,
  );
  const saga = detail.data;

  const act = async (verb: 'retry' | 'abort') => {
    if (!window.confirm(`${verb === 'retry' ? 'Retry' : 'Abort'} saga ${id}?`)) return;
    setAction(`${verb}…`);
    try {
      await callApi(token, `${path}/${verb}`, {
        method: 'POST',
        body: verb === 'abort' && reason ? { reason } : {},
      });
      setAction(`${verb} accepted`);
      detail.reload();
    } catch (error) {
      setAction(errorText(error));
    }
  };

  return (
    <article class="detail" aria-labelledby="saga-detail-title" data-testid="saga-detail">
      <h3 id="saga-detail-title">
        Saga {id}{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </h3>
      {detail.error && (
        <p role="alert" class="error">
          {detail.error}
        </p>
      )}
      {saga && (
        <>
          <dl>
            <dt>Type</dt>
            <dd>{saga.type}</dd>
            <dt>Status</dt>
            <dd data-testid="saga-detail-status">{saga.status}</dd>
            <dt>Step</dt>
            <dd data-testid="saga-detail-step">
              {saga.step} {saga.stepName}, attempt {saga.attempt}
            </dd>
            <dt>Deadline</dt>
            <dd>{saga.deadline ?? '–'}</dd>
            {saga.reason && (
              <>
                <dt>Reason</dt>
                <dd>{saga.reason}</dd>
              </>
            )}
            <OrderStatus
              token={token}
              context={saga.context}
              tick={settled ? 0 : tick}
              onDenied={onDenied}
            />
          </dl>
          <Steps saga={saga} />
          <Timeline saga={saga} />
          <div class="actions">
            <button
              type="button"
              data-testid="saga-retry"
              disabled={settled}
              onClick={() => act('retry')}
            >
              Retry
            </button>
            <label>
              Abort reason{' '}
              <input
                data-testid="saga-abort-reason"
                value={reason}
                maxLength={200}
                onInput={(event) => setReason(event.currentTarget.value)}
              />
            </label>
            <button
              type="button"
              data-testid="saga-abort"
              disabled={saga.status !== 'RUNNING'}
              onClick={() => act('abort')}
            >
              Abort
            </button>
            {action && <span role="status">{action}</span>}
          </div>
        </>
      )}
    </article>
  );
}

function Steps({ saga }: { saga: SagaDetail }) {
  return (
    <table>
      <caption>Steps</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Step</th>
          <th scope="col">Command</th>
          <th scope="col">Compensation</th>
        </tr>
      </thead>
      <tbody>
        {saga.steps.map((step, index) => (
          <tr
            key={step.name}
            class={index === saga.step ? 'current' : undefined}
            aria-current={index === saga.step ? 'step' : undefined}
          >
            <td>{index}</td>
            <td>{step.name}</td>
            <td>{step.action}</td>
            <td>{step.compensation ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Timeline({ saga }: { saga: SagaDetail }) {
  return (
    <ol class="timeline" data-testid="saga-timeline" aria-label="Timeline">
      {saga.timeline.map((entry, index) => (
        <li key={index}>
          <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString()}</time>{' '}
          {entry.stepName}: {entry.event}
          {entry.detail && <> ({entry.detail})</>}
        </li>
      ))}
    </ol>
  );
}

/** The order a saga fulfils, as GET /orders/:id shows it (admins may read any order). */
function OrderStatus(props: {
  token: string;
  context: unknown;
  tick: number;
  onDenied: (error: ApiError) => void;
}) {
  const orderId = (props.context as { orderId?: unknown } | null)?.orderId;
  const path = typeof orderId === 'string' ? `/orders/${encodeURIComponent(orderId)}` : undefined;
  const order = useFetched(
    () =>
      path ? callApi<{ order: { status: string } }>(props.token, path) : Promise.resolve(undefined),
    [path, props.tick],
    props.onDenied,
  );
  if (!path) return null;
  return (
    <>
      <dt>Order</dt>
      <dd data-testid="order-status">{order.data?.order.status ?? order.error ?? '…'}</dd>
    </>
  );
}
