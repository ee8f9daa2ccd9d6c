import { BenchResult } from './bench-result';
import { ProcessUsage } from './process-usage';

const number = (value: number | null, unit = ''): string => {
  if (value === null || !Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

function row(result: BenchResult): string {
  if (result.notRun) return `| ${result.name} | not run: ${result.notRun} | | | | |`;
  const target = result.target
    ? `${result.target.text} ${result.target.met ? '✅ met' : '❌ missed'}`
    : '';
  return `| ${result.name} | ${number(result.value, result.unit)} | ${number(result.baseline, result.unit)} | ${
    result.ratio === null ? '–' : `${result.ratio.toFixed(2)}×`
  } | ${target} | ${result.detail ?? ''} |`;
}

/** The report printed on stdout: results, then what each process cost. */
export function markdownReport(results: BenchResult[], processes: ProcessUsage[]): string {
  return [
    '| benchmark | value | baseline (same run) | ratio | target | how |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map(row),
    '',
    '| process | CPU s | peak RSS MB |',
    '| --- | --- | --- |',
    ...processes.map(
      (p) => `| ${p.name} | ${p.cpuSeconds.toFixed(1)} | ${p.peakRssMb.toFixed(0)} |`,
    ),
  ].join('\n');
}
