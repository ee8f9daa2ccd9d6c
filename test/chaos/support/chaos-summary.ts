import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChaosRow, REPORT_DIR, ROWS_DIR, STARTED_AT_FILE } from './chaos-report';

const COLUMNS: Array<[string, (row: ChaosRow) => string]> = [
  ['scenario', (row) => row.scenario],
  ['seed', (row) => String(row.seed)],
  ['orders', (row) => String(row.orders)],
  ['faults', (row) => String(row.faults)],
  ['lost', (row) => String(row.lost)],
  ['duplicated', (row) => String(row.duplicated)],
  ['dead-lettered', (row) => String(row.deadLettered)],
  ['parked', (row) => (row.parked === undefined ? '' : String(row.parked))],
  ['max to terminal (ms)', (row) => String(row.maxTimeToTerminalMs)],
  ['ok', (row) => (row.passed ? 'yes' : 'NO')],
  ['notes', (row) => row.notes ?? ''],
];

/** Jest globalSetup of the chaos project: a run starts with no rows, and its clock starts. */
export function clearRows(): void {
  rmSync(ROWS_DIR, { recursive: true, force: true });
  mkdirSync(ROWS_DIR, { recursive: true });
  writeFileSync(STARTED_AT_FILE, String(Date.now()));
}

/** Jest globalTeardown: one table per transport on stdout, and the same rows as JSON. */
export function printSummary(): void {
  let files: string[] = [];
  try {
    files = readdirSync(ROWS_DIR).filter((file) => file.endsWith('.jsonl'));
  } catch {
    // no test recorded a row
  }
  const rows = files.flatMap((file) =>
    readFileSync(join(ROWS_DIR, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ChaosRow),
  );
  if (rows.length === 0) {
    console.log('\nchaos: no scenario recorded a result');
    return;
  }
  const out: string[] = [''];
  for (const transport of ['tcp', 'rabbitmq', 'kafka'] as const) {
    const own = rows.filter((row) => row.transport === transport);
    if (own.length === 0) continue;
    out.push(`### chaos: ${transport}`, '');
    out.push(`| ${COLUMNS.map(([name]) => name).join(' | ')} |`);
    out.push(`| ${COLUMNS.map(() => '---').join(' | ')} |`);
    for (const row of own)
      out.push(`| ${COLUMNS.map(([, cell]) => cell(row).replace(/\|/g, '/')).join(' | ')} |`);
    out.push('');
  }
  mkdirSync(REPORT_DIR, { recursive: true });
  const report = JSON.stringify(
    { finishedAt: new Date().toISOString(), profile: process.env.CHAOS_PROFILE ?? 'quick', rows },
    null,
    2,
  );
  const file = join(REPORT_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, report);
  writeFileSync(join(REPORT_DIR, 'latest.json'), report);
  out.push(`chaos report: ${file}`);
  console.log(out.join('\n'));
}
