import { Query } from '@nestjs/cqrs';
import { ReservationView } from '@railyard/contracts';

/** The payload is validated by the handler. */
export class GetReservationQuery extends Query<ReservationView> {
  constructor(readonly payload: unknown) {
    super();
  }
}
