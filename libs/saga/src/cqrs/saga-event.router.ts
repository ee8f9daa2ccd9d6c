import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, ofType, Saga } from '@nestjs/cqrs';
import { Observable } from 'rxjs';
import { map } from 'rxjs/operators';
import { AdvanceSagaCommand } from './advance-saga.command';
import { SagaReplyReceived } from './saga-reply-received.event';

/**
 * The @nestjs/cqrs face of the orchestrator: a saga's reply becomes the command that advances it.
 * The stream only maps (nothing in it can throw), so one saga's failure never ends it for the
 * others.
 */
@Injectable()
export class SagaEventRouter {
  @Saga()
  replies = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(SagaReplyReceived),
      map((reply) => new AdvanceSagaCommand(reply.envelope, reply.settlement)),
    );
}
