import { BaseRpcContext } from '@nestjs/microservices';
import { Envelope } from '../envelope/envelope';

/** What `@Ctx()` gives a handler: the whole envelope of the message being handled. */
export class RailyardContext extends BaseRpcContext<[Envelope]> {
  /** The envelope as it arrived: its payload is whatever the sender put there. */
  getEnvelope(): Envelope {
    return this.args[0];
  }

  /**
   * The envelope carrying the payload a pipe validated (`@Payload(new ContractPipe(…))`): what a
   * use case that needs the message id or correlation (an inbox, a reply) takes.
   */
  envelopeWith<T>(payload: T): Envelope<T> {
    return { ...this.args[0], payload };
  }
}
