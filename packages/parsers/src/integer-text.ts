/**
 * An integer's digits, never an exponent: ids stored as numbers must keep reading as ids.
 *
 * @example integerText(1.5e5) // '150000'; integerText(1e21) // '1000000000000000000000'
 */
export function integerText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}
