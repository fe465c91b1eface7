/**
 * The ways a streaming reader's input is fed in the tests that say "wherever the chunks are cut":
 * whole, cut in two at every position, and one character (or byte) at a time.
 */
export function chunkings(input: string): string[][];
export function chunkings(input: Buffer): Buffer[][];
export function chunkings(input: string | Buffer): (string | Buffer)[][] {
  const ways: (string | Buffer)[][] = [[input]];
  const slice = (from: number, to?: number) =>
    typeof input === 'string' ? input.slice(from, to) : input.subarray(from, to);
  for (let cut = 1; cut < input.length; cut++) ways.push([slice(0, cut), slice(cut)]);
  ways.push(Array.from({ length: input.length }, (_, at) => slice(at, at + 1)));
  return ways;
}
