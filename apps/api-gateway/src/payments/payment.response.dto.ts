import { ApiProperty } from '@nestjs/swagger';
import { fromMinorUnits, PaymentView } from '@railyard/contracts';

export class PaymentResponse {
  @ApiProperty({ enum: ['CHARGE', 'REFUND'] })
  type!: 'CHARGE' | 'REFUND';

  @ApiProperty({ description: 'major units', example: 21 })
  amount!: number;

  @ApiProperty()
  transactionId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export function toPaymentResponse(view: PaymentView): PaymentResponse {
  return {
    type: view.type,
    amount: fromMinorUnits(view.amount),
    transactionId: view.transactionId,
    createdAt: view.createdAt,
  };
}
