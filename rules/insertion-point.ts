/**
 * Where `entry` goes in the ascending `sorted` to keep it sorted, after its equals: how many are at or before it.
 * @example
 * insertionPoint([1, 3, 3, 7], 3, (a, b) => a - b) // 3
 */
export function insertionPoint<T>(sorted: readonly T[], entry: T, compare: (a: T, b: T) => number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle]!, entry) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
