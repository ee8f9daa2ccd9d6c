import { useState } from 'preact/hooks';
import type { DeadLetterView } from '@railyard/contracts';

interface Props {
  letter: DeadLetterView;
  onCancel: () => void;
  onReplay: (payload: unknown) => void;
}

/** Parses the editor's text: the payload, or why it is not JSON. */
function parsePayload(text: string): { payload: unknown } | { problem: string } {
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
}

const pretty = (preview: string) => {
  try {
    return JSON.stringify(JSON.parse(preview), null, 2);
  } catch {
    return preview;
  }
};

/**
 * Fix one dead letter's payload and replay it with its message id, type, headers and destination
 * (replay-edited). A payload the list showed truncated cannot be edited from its preview.
 */
export function DeadLetterEditor({ letter, onCancel, onReplay }: Props) {
  const [text, setText] = useState(() => pretty(letter.payloadPreview));
  const parsed = parsePayload(text);
  const problem = letter.payloadTruncated
    ? `the payload (${letter.payloadBytes} bytes) is longer than its preview: it cannot be edited here`
    : 'problem' in parsed
      ? parsed.problem
      : undefined;

  const submit = (event: Event) => {
    event.preventDefault();
    if (
      'payload' in parsed &&
      !problem &&
      window.confirm(`Replay ${letter.type ?? 'this message'} with this payload?`)
    ) {
      onReplay(parsed.payload);
    }
  };

  return (
    <form class="detail" onSubmit={submit} data-testid="dead-letter-editor">
      <h3>Edit &amp; replay {letter.type ?? letter.id}</h3>
      <p>
        To {letter.destination}, as message {letter.messageId ?? '(no id)'}. Failed: {letter.error}
      </p>
      <label for="payload-editor">Payload (JSON)</label>
      <textarea
        id="payload-editor"
        data-testid="payload-editor"
        rows={12}
        spellcheck={false}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        aria-invalid={problem !== undefined}
        aria-describedby="payload-problem"
      />
      <p id="payload-problem" role="alert" class="error">
        {problem}
      </p>
      <div class="actions">
        <button type="submit" data-testid="replay-edited" disabled={problem !== undefined}>
          Replay edited
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
