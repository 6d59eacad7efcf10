import { describe, expect, it } from 'vitest';
import { cliArguments } from './cli-mode';

describe('marginalia --cli', () => {
  it('gives the arguments after --cli, wherever Electron puts its own first', () => {
    expect(cliArguments(['/opt/Marginalia/marginalia', '--cli', 'stats', '/data/corpus'])).toEqual(['stats', '/data/corpus']);
    expect(cliArguments(['electron', '.', '--cli', 'export', 'c', '--format', 'jsonl'])).toEqual(['export', 'c', '--format', 'jsonl']);
    expect(cliArguments(['/opt/Marginalia/marginalia', '/data/corpus'])).toBeNull();
  });
});
