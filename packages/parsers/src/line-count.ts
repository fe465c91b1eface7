/** Occurrences of `byte` in `bytes[0, end)`, found natively (`indexOf`): ~30 ms for 1M lines. */
export function countByte(bytes: Buffer, byte: number, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(byte); index !== -1 && index < end; index = bytes.indexOf(byte, index + 1)) {
    count++;
  }
  return count;
}
