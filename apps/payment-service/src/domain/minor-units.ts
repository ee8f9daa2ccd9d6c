/**
 * Exact arithmetic on integer minor units. Amounts stay within Number's safe-integer range, where
 * addition and subtraction are exact; anything outside it is refused rather than rounded.
 */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** `balance - amount`; refuses to go below zero. */
export function debit(balance: number, amount: number): number {
  assertMinorUnits(balance, 'balance');
  assertMinorUnits(amount, 'amount');
  if (amount > balance) throw new RangeError(`cannot debit ${amount} from ${balance}`);
  return balance - amount;
}

/** `balance + amount`; refuses a sum that would no longer be exact. */
export function credit(balance: number, amount: number): number {
  assertMinorUnits(balance, 'balance');
  assertMinorUnits(amount, 'amount');
  const sum = balance + amount;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`${balance} + ${amount} is not exact`);
  return sum;
}

function assertMinorUnits(value: number, name: string): void {
  if (!isMinorUnits(value))
    throw new RangeError(`${name} ${value} is not a non-negative safe integer`);
}
