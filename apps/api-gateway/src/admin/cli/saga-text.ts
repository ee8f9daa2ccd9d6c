import type { SagaDetailView, SagaSummaryView } from '@railyard/contracts';
import { textTable } from './text-table';

/** `45s`, `12m`, `3h`, `2d`: how long ago or how far ahead, to the largest whole unit. */
export function durationText(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3_600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3_600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** When the awaited reply is due, as an operator reads it: in 20s, or overdue by 3m. */
function dueText(deadline: string | null, now: number): string {
  if (deadline === null) return '-';
  const left = Date.parse(deadline) - now;
  return left >= 0 ? `in ${durationText(left)}` : `overdue ${durationText(left)}`;
}

const oneLine = (text: string | null, max = 60) =>
  text === null ? '' : text.replace(/\s+/g, ' ').slice(0, max);

/** A page of sagas as a table, most recently updated first. */
export function sagaTable(sagas: readonly SagaSummaryView[], now = Date.now()): string {
  return textTable(
    ['ID', 'TYPE', 'STATUS', 'STEP', 'ATTEMPT', 'UPDATED', 'DEADLINE', 'REASON'],
    sagas.map((saga) => [
      saga.id,
      saga.type,
      saga.status,
      `${saga.step} ${saga.stepName}`,
      String(saga.attempt),
      `${durationText(now - Date.parse(saga.updatedAt))} ago`,
      dueText(saga.deadline, now),
      oneLine(saga.reason),
    ]),
  );
}

/** Where a saga stands, in one line: `RUNNING at step 1 (charge), attempt 2, deadline in 30s`. */
export function sagaStanding(saga: SagaSummaryView, now = Date.now()): string {
  const due = saga.deadline === null ? '' : `, deadline ${dueText(saga.deadline, now)}`;
  return `${saga.status} at step ${saga.step} (${saga.stepName}), attempt ${saga.attempt}${due}`;
}

/** One saga: its standing, steps, context and timeline (oldest first). */
export function sagaText(saga: SagaDetailView, now = Date.now()): string {
  const steps = textTable(
    ['#', 'STEP', 'ACTION', 'COMPENSATION'],
    saga.steps.map((step, index) => [
      String(index),
      step.name,
      step.action,
      step.compensation ?? '-',
    ]),
  );
  const timeline = textTable(
    ['AT', 'STEP', 'EVENT', 'DETAIL'],
    saga.timeline.map((entry) => [
      entry.at,
      `${entry.step} ${entry.stepName}`,
      entry.event,
      oneLine(entry.detail, 120),
    ]),
  );
  const indent = (text: string) => text.replace(/^/gm, '  ');
  return [
    `saga ${saga.id} (${saga.type}): ${sagaStanding(saga, now)}`,
    ...(saga.reason === null ? [] : [`reason: ${saga.reason}`]),
    `created ${saga.createdAt}, updated ${saga.updatedAt}`,
    'steps:',
    indent(steps),
    'context:',
    indent(JSON.stringify(saga.context, null, 2)),
    'timeline:',
    indent(timeline),
  ].join('\n');
}
