import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/**
 * Reads the `.cpuprofile` files that `node --cpu-prof` writes (the bench passes the flag to every
 * process it starts when run with `--cpu-prof <dir>`) and says where each process's busy time
 * went: by owner (a package under node_modules, Node's own internals, Railyard's code, GC) and by
 * function. Self time only: a sample counts for the function that was on top of the stack.
 *
 *   npx ts-node -T -P bench/tsconfig.json bench/report/cpu-profile-summary.ts <dir> [--top 15]
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  process: string;
  totalMs: number;
  busyMs: number;
  owners: Array<{ owner: string; ms: number }>;
  functions: Array<{ fn: string; owner: string; ms: number }>;
}

const REPO_ROOT = join(__dirname, '..', '..');
const IDLE = '(idle)';

/** Who a frame's code belongs to: the unit the figures in bench/README.md are given in. */
export function ownerOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  const rel = relative(REPO_ROOT, path);
  if (rel.startsWith('dist/apps/')) return 'railyard (bundle)';
  const top = /^(libs\/[^/]+|apps\/[^/]+|bench|test)/.exec(rel);
  return top ? top[1] : rel;
}

/** The process a profile came from: the label cpu-profile.preload.js left beside it. */
function processOf(dir: string, file: string): string {
  const pid = /^CPU\.\d+\.\d+\.(\d+)\./.exec(file)?.[1];
  const label = pid ? join(dir, `${pid}.label`) : undefined;
  return label && existsSync(label) ? `${readFileSync(label, 'utf8')} (pid ${pid})` : file;
}

export function summarise(profile: CpuProfile, processName: string, top: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const owners = new Map<string, number>();
  const functions = new Map<string, { owner: string; ms: number }>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)!.callFrame;
    totalMs += ms;
    const owner = ownerOf(frame);
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${basename(frame.url)}:${frame.lineNumber + 1}`;
    const entry = functions.get(fn) ?? { owner, ms: 0 };
    entry.ms += ms;
    functions.set(fn, entry);
  });
  const busyMs = totalMs - (owners.get(IDLE) ?? 0);
  const sorted = <T extends { ms: number }>(rows: T[]) =>
    rows.filter((r) => r.ms > 0).sort((a, b) => b.ms - a.ms);
  return {
    process: processName,
    totalMs,
    busyMs,
    owners: sorted([...owners].map(([owner, ms]) => ({ owner, ms }))).filter(
      (r) => r.owner !== IDLE,
    ),
    functions: sorted([...functions].map(([fn, v]) => ({ fn, ...v })))
      .filter((r) => r.owner !== IDLE)
      .slice(0, top),
  };
}

function render(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1)}%`;
  const lines = [
    `## ${summary.process}: busy ${(summary.busyMs / 1000).toFixed(2)} s of ${(summary.totalMs / 1000).toFixed(2)} s`,
    '',
    'owner | share of busy',
    '--- | ---',
    ...summary.owners.slice(0, 12).map((o) => `${o.owner} | ${pct(o.ms)}`),
    '',
    'function (self) | owner | share of busy',
    '--- | --- | ---',
    ...summary.functions.map((f) => `${f.fn} | ${f.owner} | ${pct(f.ms)}`),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: cpu-profile-summary <dir with .cpuprofile files> [--top N]');
    process.exit(2);
  }
  const topAt = rest.indexOf('--top');
  const top = topAt >= 0 ? Number(rest[topAt + 1]) : 15;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const summaries = files
    .map((f) =>
      summarise(
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile,
        processOf(dir, f),
        top,
      ),
    )
    .sort((a, b) => b.busyMs - a.busyMs);
  process.stdout.write(summaries.map(render).join('\n'));
}
