import { describe, expect, it } from 'vitest';
import type { LicenseEntry } from '../../../app/ipc/contract';
import { filterLicenses } from './license-filter';

const list: LicenseEntry[] = [
  { name: 'react', version: '19.3.1', license: 'MIT', hasText: true },
  { name: 'css-what', version: '8.0.0', license: 'BSD-2-Clause', hasText: true },
  { name: 'type-fest', version: '5.10.0', license: '(MIT OR CC0-1.0)', hasText: true },
];

describe('filterLicenses', () => {
  it('keeps everything for an empty query', () => {
    expect(filterLicenses(list, '  ')).toEqual(list);
  });
  it('matches every word against name, version and licence, case-insensitively', () => {
    expect(filterLicenses(list, 'mit').map((p) => p.name)).toEqual(['react', 'type-fest']);
    expect(filterLicenses(list, 'BSD css').map((p) => p.name)).toEqual(['css-what']);
    expect(filterLicenses(list, '19.3')).toHaveLength(1);
    expect(filterLicenses(list, 'react bsd')).toEqual([]);
  });
});
