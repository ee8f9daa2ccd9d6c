import { SagaStatus, StepLogEvent } from '../machine/saga-state';

export interface SagaView {
  id: string;
  type: string;
  status: SagaStatus;
  step: number;
  attempt: number;
  context: unknown;
  deadline: string | null;
  reason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  log: Array<{ step: number; event: StepLogEvent; detail: string | null; at: string }>;
}
