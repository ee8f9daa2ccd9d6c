import { Profile } from '../config/profile';
import { ProcessUsage } from '../report/process-usage';

/** What every benchmark section gets from the runner. */
export interface BenchContext {
  runId: string;
  profile: Profile;
  /** Each process a section started reports its CPU and peak RSS here. */
  processes: ProcessUsage[];
  /** Leftovers a cleanup could not remove; reported, and they fail the run. */
  leftovers: string[];
  /** Guarantees a benchmark found broken (a 5xx in the burst, an order left pending): they fail the run. */
  failed: string[];
  log(message: string): void;
}
