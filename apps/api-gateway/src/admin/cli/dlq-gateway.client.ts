import type {
  DeadLetterOutcomeView,
  DeadLetterPageView,
  DeadLetterSelectionInput,
  DeadLetterView,
} from '@railyard/contracts';
import { AdminGatewayClient } from './admin-gateway.client';

/** The gateway's admin dead-letter routes of one service. */
export class DlqGatewayClient extends AdminGatewayClient {
  constructor(gateway: string, service: string, token: string | undefined) {
    super(gateway, 'dead-letters', service, token);
  }

  list(limit: number, after?: string): Promise<DeadLetterPageView> {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    return this.call('GET', `?${query}`) as Promise<DeadLetterPageView>;
  }

  show(id: string): Promise<DeadLetterView> {
    return this.call('GET', `/${encodeURIComponent(id)}`) as Promise<DeadLetterView>;
  }

  act(
    action: 'replay' | 'discard',
    selection: DeadLetterSelectionInput,
  ): Promise<DeadLetterOutcomeView> {
    return this.call('POST', `/${action}`, selection) as Promise<DeadLetterOutcomeView>;
  }

  /** One letter again with `payload` in place of its own (same message id, type and headers). */
  replayEdited(id: string, payload: unknown): Promise<DeadLetterOutcomeView> {
    return this.call('POST', `/${encodeURIComponent(id)}/replay-edited`, {
      payload,
    }) as Promise<DeadLetterOutcomeView>;
  }
}
