/** Input the value computations cannot use: the message names the record and what to do. */
export class ValueInputError extends Error {
  override name = 'ValueInputError';
}

/**
 * Orders in a currency the settings have no exchange rate for. Amounts in
 * different currencies are never added up as if they were the same money.
 */
export class CurrencyError extends ValueInputError {
  override name = 'CurrencyError';

  constructor(
    message: string,
    /** Every refused order, so a screen can list them. */
    readonly orders: readonly { orderId: string; customerId: string; currency: string }[],
  ) {
    super(message);
  }
}
