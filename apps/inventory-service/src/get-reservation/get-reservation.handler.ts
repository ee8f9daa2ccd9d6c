import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReservationView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { findReservation } from '../database/reservation.store';
import { toReservationView } from '../domain/inventory-views';
import { GetReservationQuery } from './get-reservation.query';

@QueryHandler(GetReservationQuery)
export class GetReservationHandler implements IQueryHandler<GetReservationQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: GetReservationQuery): Promise<ReservationView> {
    const { orderId } = payload;
    // In a unit of work so the record and its lines are read as one consistent snapshot.
    const record = await this.uow.run((tx) => findReservation(tx, orderId, { forUpdate: false }));
    if (!record) {
      throw new CodedError('RESERVATION_NOT_FOUND', `no reservation for order ${orderId}`, {
        orderId,
      });
    }
    return toReservationView(record);
  }
}
