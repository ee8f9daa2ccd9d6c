import { MONEY_LIMITS } from '@railyard/contracts';
import { IsAmount } from '../../shared/amount.validators';
import { IsTextId } from '../../shared/text-id.validators';

export class SetAccountRequest {
  @IsTextId('Customer id', 'customer-1')
  customerId!: string;

  @IsAmount('Balance in major units (at most 2 decimals)', MONEY_LIMITS.maxBalance)
  balance!: number;
}
