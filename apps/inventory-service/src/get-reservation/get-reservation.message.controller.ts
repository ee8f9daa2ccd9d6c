import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InventoryQueries, ReservationView } from '@railyard/contracts';
import { GetReservationQuery } from './get-reservation.query';

@Controller()
export class GetReservationMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(InventoryQueries.getReservation)
  getReservation(@Payload() payload: unknown): Promise<ReservationView> {
    return this.queryBus.execute(new GetReservationQuery(payload));
  }
}
