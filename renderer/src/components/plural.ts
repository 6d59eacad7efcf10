// Counts in the interface read as English: "1 annotation", "2 annotations".

/** `n` and the noun, singular for exactly one (`many` when the plural is not just an added "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
