import { ColumnHeaders } from './column-headers';
import type { DeadLetterView } from '@railyard/contracts';

interface Props {
  entries: DeadLetterView[];
  selected: string[];
  onSelect: (ids: string[]) => void;
  onEdit: (letter: DeadLetterView) => void;
}

/** A page of dead letters: why each failed, where it came from, its headers and payload. */
export function DeadLetterTable({ entries, selected, onSelect, onEdit }: Props) {
  if (entries.length === 0) return <p data-testid="dead-letters-empty">No dead letters.</p>;
  const toggle = (id: string) =>
    onSelect(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  const all = entries.every((entry) => selected.includes(entry.id));

  return (
    <table data-testid="dead-letters">
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label="Select every dead letter on this page"
              checked={all}
              onChange={() => onSelect(all ? [] : entries.map((entry) => entry.id))}
            />
          </th>
          <ColumnHeaders
            names={[
              'Type',
              'Reason',
              'Destination',
              'Attempts',
              'Dead-lettered',
              'Headers',
              'Payload',
              '',
            ]}
          />
        </tr>
      </thead>
      <tbody>
        {entries.map((letter) => (
          <tr key={letter.id} data-testid="dead-letter-row" data-message-id={letter.messageId}>
            <td>
              <input
                type="checkbox"
                aria-label={`Select dead letter ${letter.id}`}
                checked={selected.includes(letter.id)}
                onChange={() => toggle(letter.id)}
              />
            </td>
            <td>{letter.type ?? '(unknown)'}</td>
            <td>
              <strong>{letter.reason}</strong>
              <div class="error-text">{letter.error}</div>
            </td>
            <td>{letter.destination}</td>
            <td>{letter.attempts}</td>
            <td>{new Date(letter.deadLetteredAt).toLocaleString()}</td>
            <td>
              <details>
                <summary>{Object.keys(letter.headers).length} headers</summary>
                <pre>{JSON.stringify(letter.headers, null, 2)}</pre>
              </details>
            </td>
            <td>
              <pre class="payload" data-testid="dead-letter-payload">
                {letter.payloadPreview}
                {letter.payloadTruncated && ` … (${letter.payloadBytes} bytes)`}
              </pre>
            </td>
            <td>
              <button type="button" data-testid="dead-letter-edit" onClick={() => onEdit(letter)}>
                Edit &amp; replay
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
