import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetReservation, ReservationView } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import { GetReservationQuery } from './get-reservation.query';

@Controller()
export class GetReservationMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(GetReservation.type)
  getReservation(
    @Payload(new ContractPipe(GetReservation)) payload: GetReservation,
  ): Promise<ReservationView> {
    return this.queryBus.execute(new GetReservationQuery(payload));
  }
}
