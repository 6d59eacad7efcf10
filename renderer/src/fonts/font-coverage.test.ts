import { describe, expect, it } from 'vitest';
import { SCRIPT_NEEDS, missingFontMessage, scriptSamples } from './font-coverage';

const need = (name: string) => SCRIPT_NEEDS.find((n) => n.name === name) ?? (() => { throw new Error(name); })();

describe('scriptSamples', () => {
  it('finds nothing to check in Latin text with curly quotes, dashes and accents', () => {
    expect(scriptSamples('“Café” — naïve ‘façade’ … 10 €, Ωmega, Кириллица')).toEqual([]);
  });

  it('samples the first distinct characters of each script, in the order of SCRIPT_NEEDS', () => {
    const samples = scriptSamples('Kim 김민준 and 李伟 (李) met 山田さん; مرحبا', 2);
    expect(samples.map((s) => [s.need.name, s.chars])).toEqual([
      ['Chinese or Japanese kanji', ['李', '伟']],
      ['Korean', ['김', '민']],
      ['Japanese kana', ['さ', 'ん']],
      ['Arabic', ['م', 'ر']],
    ]);
  });

  it('keeps astral characters whole and finds emoji', () => {
    expect(scriptSamples('𠮷 and 🛰️').map((s) => [s.need.name, s.chars])).toEqual([
      ['Chinese or Japanese kanji', ['𠮷']],
      ['emoji', ['🛰']],
    ]);
  });
});

describe('missingFontMessage', () => {
  it('names the scripts and each package once', () => {
    expect(missingFontMessage([need('Korean'), need('Chinese or Japanese kanji')])).toBe(
      'No installed font draws the Korean and Chinese or Japanese kanji text in this document (it shows as empty boxes): install fonts-noto-cjk (Noto Sans/Serif CJK), then restart Marginalia.',
    );
    expect(missingFontMessage([need('Korean'), need('Arabic'), need('emoji')])).toMatch(
      /the Korean, Arabic and emoji text .*install fonts-noto-cjk \(Noto Sans\/Serif CJK\), fonts-noto-core, fonts-noto-color-emoji,/,
    );
  });
});
