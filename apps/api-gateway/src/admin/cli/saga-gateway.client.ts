import type { SagaDetailView, SagaPageView } from '@railyard/contracts';
import { AdminGatewayClient } from './admin-gateway.client';
import { SagaArgs } from './saga-args';

/** The gateway's admin saga routes of one service. */
export class SagaGatewayClient extends AdminGatewayClient {
  constructor(gateway: string, service: string, token: string | undefined) {
    super(gateway, 'sagas', service, token);
  }

  list({
    statuses = [],
    olderThanSeconds,
    limit,
    after,
  }: Pick<SagaArgs, 'statuses' | 'olderThanSeconds' | 'limit' | 'after'>): Promise<SagaPageView> {
    const query = new URLSearchParams({ limit: String(limit) });
    for (const status of statuses) query.append('status', status);
    if (olderThanSeconds !== undefined) query.set('olderThanSeconds', String(olderThanSeconds));
    if (after) query.set('after', after);
    return this.call('GET', `?${query}`) as Promise<SagaPageView>;
  }

  show(id: string): Promise<SagaDetailView> {
    return this.call('GET', `/${encodeURIComponent(id)}`) as Promise<SagaDetailView>;
  }

  act(action: 'retry' | 'abort', id: string, reason?: string): Promise<SagaDetailView> {
    const body = reason === undefined ? {} : { reason };
    return this.call(
      'POST',
      `/${encodeURIComponent(id)}/${action}`,
      body,
    ) as Promise<SagaDetailView>;
  }
}
