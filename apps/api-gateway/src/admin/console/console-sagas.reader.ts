import { Injectable } from '@nestjs/common';
import { SAGA_HOSTS, sagaAdminContracts, SagaSummaryView } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { STATUS_TIMEOUT_MS } from './console-overview.reader';

/** Sagas per host the stream shows: the most recently updated (GET /admin/sagas/:service's default). */
export const STREAMED_SAGAS = 50;

/** The data of the stream's `sagas` event: each saga host's latest sagas, by service. */
export type ConsoleSagas = Record<string, SagaSummaryView[]>;

/**
 * Each saga host's most recently updated sagas, asked in parallel over the bus. A host that does
 * not answer in time is left out of this event (its overview entry says it is unreachable).
 */
@Injectable()
export class ConsoleSagasReader {
  constructor(private readonly bus: MessageBus) {}

  async read(): Promise<ConsoleSagas> {
    const pages = await Promise.all(
      SAGA_HOSTS.map(async (service) => {
        try {
          const { entries } = await this.bus.request(
            sagaAdminContracts(service).list,
            { limit: STREAMED_SAGAS },
            { timeoutMs: STATUS_TIMEOUT_MS },
          );
          return [[service, entries] as const];
        } catch {
          return [];
        }
      }),
    );
    return Object.fromEntries(pages.flat());
  }
}
