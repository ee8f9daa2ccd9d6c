import { AccountView } from '@railyard/contracts';
import type { AccountEntity } from '../database/account.entity';

/** Entities never leave the service; callers get the contract's views. */
export function toAccountView({ customerId, balance }: AccountEntity): AccountView {
  return { customerId, balance };
}
