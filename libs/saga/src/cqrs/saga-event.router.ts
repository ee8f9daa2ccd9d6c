import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, ofType, Saga } from '@nestjs/cqrs';
import { Observable } from 'rxjs';
import { map } from 'rxjs/operators';
import { AdvanceSagaCommand } from './advance-saga.command';
import { BusEventReceived } from './bus-event-received.event';

/**
 * The @nestjs/cqrs face of the orchestrator: bus events become orchestrator commands. The stream
 * only maps (nothing in it can throw), so one saga's failure never ends it for the others.
 */
@Injectable()
export class SagaEventRouter {
  @Saga()
  replies = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(BusEventReceived),
      map((event) => new AdvanceSagaCommand(event.envelope, event.settlement)),
    );
}
