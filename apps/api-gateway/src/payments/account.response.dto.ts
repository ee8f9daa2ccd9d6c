import { ApiProperty } from '@nestjs/swagger';
import { AccountView, fromMinorUnits } from '@railyard/contracts';

export class AccountResponse {
  @ApiProperty({ example: 'customer-1' })
  customerId!: string;

  @ApiProperty({ description: 'major units', example: 100 })
  balance!: number;
}

export function toAccountResponse(view: AccountView): AccountResponse {
  return { customerId: view.customerId, balance: fromMinorUnits(view.balance) };
}
