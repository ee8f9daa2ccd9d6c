import { Query } from '@nestjs/cqrs';
import { GetReservation, ReservationView } from '@railyard/contracts';

/** The payload is validated by the contract's pipe. */
export class GetReservationQuery extends Query<ReservationView> {
  constructor(readonly payload: GetReservation) {
    super();
  }
}
