import { Logger } from '@nestjs/common';
import { loadavg } from 'node:os';
import { runBusSuite } from './bus/bus-suite';
import { newRunId } from './bus/bench-names';
import { BenchResult } from './report/bench-result';
import { machineInfo, versions } from './report/machine-info';
import { markdownReport } from './report/markdown-table';
import { usageOfSelf } from './report/process-usage';
import { writeResults } from './report/write-results';
import { BenchContext } from './support/bench-context';
import { parseArgs } from './support/cli-args';
import { profileChildProcesses } from './support/cpu-profiles';
import { runResilienceSuite } from './resilience/resilience-suite';
import { runSystemSection, SystemSections } from './saga/system-section';
import { runObservabilitySuite } from './observability/observability-suite';

/**
 * `npm run bench` / `npm run bench:smoke`. Exit code 1 only when a benchmark broke or left
 * something behind; a missed target is reported, never a failure.
 */
async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // The bench's own bus client logs reconnects when the apps stop: expected, not news.
  Logger.overrideLogger(['error']);
  const started = new Date();
  const machine = machineInfo();
  const ctx: BenchContext = {
    runId: newRunId(),
    profile: args.profile,
    processes: [],
    leftovers: [],
    failed: [],
    log: (message) =>
      console.error(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0)}s] ${message}`),
  };
  ctx.log(
    `profile ${args.profile.name}, run ${ctx.runId}, load average ${machine.loadAverage.join(' ')}`,
  );
  if (args.cpuProfileDir)
    ctx.log(
      `CPU profiles of every process started go to ${profileChildProcesses(args.cpuProfileDir)}`,
    );
  const results: BenchResult[] = [];
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<BenchResult[]>) => {
    try {
      results.push(...(await work()));
    } catch (error) {
      failures.push(`${what}: ${(error as Error).stack ?? String(error)}`);
      ctx.log(`${what} FAILED: ${(error as Error).message}`);
    }
  };
  // B5 first: in-process microbenchmarks, before this process carries load generators.
  if (args.sections.includes('resilience'))
    await attempt('resilience', () => runResilienceSuite(ctx));
  if (args.sections.includes('bus')) {
    for (const transport of args.transports)
      await attempt(`bus.${transport}`, () => runBusSuite(ctx, transport));
  }
  const systems: SystemSections = {
    saga: args.sections.includes('saga'),
    gateway: args.sections.includes('gateway'),
    burst: args.sections.includes('burst'),
    gatewayStaticsDone: false,
    burstP99Ms: {},
  };
  for (const transport of args.transports) {
    const sections: SystemSections = {
      ...systems,
      saga: systems.saga && args.profile.saga.transports.includes(transport),
      gateway: systems.gateway && args.profile.saga.transports.includes(transport),
      burst: systems.burst && args.profile.burst.transports.includes(transport),
    };
    if (sections.saga || sections.gateway || sections.burst) {
      await attempt(`system.${transport}`, () => runSystemSection(ctx, transport, sections));
      systems.gatewayStaticsDone ||= sections.gatewayStaticsDone;
    }
  }
  if (args.sections.includes('observability')) {
    for (const transport of args.transports.filter((t) =>
      args.profile.observability.transports.includes(t),
    ))
      await attempt(`observability.${transport}`, () =>
        runObservabilitySuite(ctx, transport, args.observabilityParts),
      );
  }
  ctx.processes.push(usageOfSelf('bench runner (load generators, autocannon, B5)'));
  failures.push(...ctx.failed);
  failures.push(...ctx.leftovers.map((leftover) => `left behind: ${leftover}`));
  const file = writeResults({
    profile: args.profile.name,
    startedAt: started.toISOString(),
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((n) => Number(n.toFixed(2))) },
    versions: versions(),
    results,
    processes: ctx.processes,
    failures,
  });
  console.log(markdownReport(results, ctx.processes));
  for (const failure of failures) console.log(`\nFAILED ${failure}`);
  console.log(`\nresults: ${file}`);
  if (args.cpuProfileDir)
    console.log(
      `profiles: npx ts-node -T -P bench/tsconfig.json bench/report/cpu-profile-summary.ts ${args.cpuProfileDir}`,
    );
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
