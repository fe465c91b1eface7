/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes it (12,306,866), without
 * ICU: the first `toLocaleString` of a process builds a number formatter, ~14 ms of every run's
 * report (CPU profile of a 100k `run --force`), for digits and commas.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
  return value < 0 ? `-${grouped}` : grouped;
}
