// Counts in the interface read as English: "1 annotation", "2 annotations".

// One formatter: toLocaleString('en') builds one per call (measured: about a third of the status bar's render).
const NUMBER = new Intl.NumberFormat('en');

/** `n` and the noun, singular for exactly one (`many` when the plural is not just an added "s"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${NUMBER.format(n)} ${n === 1 ? one : many}`;
}
