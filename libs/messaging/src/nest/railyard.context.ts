import { BaseRpcContext } from '@nestjs/microservices';
import { Envelope } from '../envelope/envelope';

/** What `@Ctx()` gives a handler: the whole envelope of the message being handled. */
export class RailyardContext extends BaseRpcContext<[Envelope]> {
  getEnvelope(): Envelope {
    return this.args[0];
  }
}
