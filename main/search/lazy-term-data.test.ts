// A term's postings decoded on first use behave as the Map MiniSearch made.
import { describe, expect, it } from 'vitest';
import { Int32Writer, LazyTermData, encodeTerm, encodedTermEnd, type TermData } from './lazy-term-data';

const plain = (): TermData =>
  new Map([
    [0, new Map([[3, 2], [7, 1]])],
    [1, new Map([[7, 5]])],
  ]);

/** `data` encoded after a first term, so offsets other than 0 are exercised. */
function encoded(data: TermData): { all: Int32Array; start: number; end: number } {
  const out = new Int32Writer();
  encodeTerm(new Map([[0, new Map([[1, 1]])]]), out);
  const start = out.length;
  encodeTerm(data, out);
  const all = out.view().slice();
  return { all, start, end: encodedTermEnd(all, start) };
}

describe('LazyTermData', () => {
  it('decodes to the same fields, documents and frequencies, in the same order', () => {
    const { all, start, end } = encoded(plain());
    expect(end).toBe(all.length);
    const lazy = new LazyTermData(all, start, end);
    expect(lazy.size).toBe(2);
    expect([...lazy].map(([f, docs]) => [f, [...docs]])).toEqual([...plain()].map(([f, docs]) => [f, [...docs]]));
    expect(lazy.get(1)?.get(7)).toBe(5);
    expect(new LazyTermData(all, start, end).has(0)).toBe(true);
    expect([...new LazyTermData(all, start, end).values()].map((d) => d.size)).toEqual([2, 1]);
  });

  it('is copied as it was saved while untouched, and encoded from its Maps once changed', () => {
    const { all, start, end } = encoded(plain());
    const untouched = new Int32Writer();
    encodeTerm(new LazyTermData(all, start, end), untouched);
    expect([...untouched.view()]).toEqual([...all.subarray(start, end)]);

    const changed = new LazyTermData(all, start, end);
    changed.get(0)?.set(9, 4);
    changed.delete(1);
    expect(changed.encoded()).toBeNull();
    const out = new Int32Writer();
    encodeTerm(changed, out);
    const again = new LazyTermData(out.view().slice(), 0, out.length);
    expect([...again].map(([f, docs]) => [f, [...docs]])).toEqual([[0, [[3, 2], [7, 1], [9, 4]]]]);
  });

  it('refuses postings that run past the end of the data', () => {
    const { all, start } = encoded(plain());
    expect(() => encodedTermEnd(all.subarray(0, all.length - 1), start)).toThrow(/past the end/);
  });
});

describe('Int32Writer', () => {
  it('writes into the capacity it is given without growing, and grows from any capacity, 0 included', () => {
    const exact = new Int32Writer(3);
    const before = exact.view().buffer;
    exact.push(1);
    exact.pushAll(Int32Array.from([2, 3]));
    expect(exact.view().buffer).toBe(before);
    expect([...exact.view()]).toEqual([1, 2, 3]);
    const empty = new Int32Writer(0);
    for (let i = 0; i < 100; i++) empty.push(i);
    empty.pushAll(Int32Array.from([7, 8]));
    expect(empty.length).toBe(102);
    expect([...empty.view().subarray(98)]).toEqual([98, 99, 7, 8]);
  });
});
