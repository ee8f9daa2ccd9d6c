import { Inject, Injectable } from '@nestjs/common';
import {
  MessageContract,
  PayloadOf,
  sagaAdminContracts,
  SagaDetailView,
} from '@railyard/contracts';
import { MESSAGING_OPTIONS, MessagingOptions, RailyardServer } from '@railyard/messaging';
import { parsePayload } from '@railyard/platform';
import { SagaNotFoundError } from '../orchestrator/saga-not-found.error';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { SagaAdminReader } from './saga-admin.reader';

/**
 * Serves this service's saga admin requests (libs/contracts sagaAdminContracts: list, show,
 * retry, abort) on its bus, so that a service gets them by importing SagaModule: no app, nor the
 * generator's template, wires anything. Added to the bus server as handlers of its own (Nest's
 * Server.addHandler) before the bus starts listening: a request type names the service, known only
 * from the bus's options, where a controller's patterns are fixed per class. They are served to
 * whoever can reach the service on the bus: it is authenticated (TCP HMAC, broker credentials),
 * and only the gateway's admin routes, behind its admin guard, send them.
 */
@Injectable()
export class SagaAdminRoutes {
  /**
   * Registers at construction: an app's bus starts listening (startAllMicroservices) before
   * app.init() runs the onModuleInit hooks, and takes its routes from the server then.
   */
  constructor(
    private readonly server: RailyardServer,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    private readonly reader: SagaAdminReader,
    private readonly orchestrator: SagaOrchestrator,
  ) {
    const contracts = sagaAdminContracts(options.service);
    this.serve(contracts.list, (query) => this.reader.list(query));
    this.serve(contracts.show, async ({ id }) => ({ saga: await this.reader.show(id) }));
    this.serve(contracts.retry, async ({ id, ...operator }) => {
      await this.orchestrator.retry(id, operator);
      return this.shown(id);
    });
    this.serve(contracts.abort, async ({ id, ...operator }) => {
      await this.orchestrator.abort(id, operator);
      return this.shown(id);
    });
  }

  /** The saga as the operator's transition left it (gone only if swept meanwhile). */
  private async shown(id: string): Promise<SagaDetailView> {
    const saga = await this.reader.show(id);
    if (!saga) throw new SagaNotFoundError(id);
    return saga;
  }

  private serve<C extends MessageContract>(
    contract: C,
    answer: (payload: PayloadOf<C>) => Promise<unknown>,
  ): void {
    this.server.addHandler(contract.type, (payload: unknown) =>
      answer(parsePayload(contract.payload, payload, { what: contract.type }) as PayloadOf<C>),
    );
  }
}
