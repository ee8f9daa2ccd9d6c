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
  log(message: string): void;
}
