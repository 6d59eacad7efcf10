import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import type { SuggestionTrainingDataResult } from '../../../app/ipc/contract';
import { TextIndex } from '../../../app/offsets';
import { learnedAsSuggestions, withLearned } from '../../../app/recommenders/suggestion-merge';
import { CHUNK_SIZE, suggestEntities, type Nlp } from '../../../app/suggestions';
import type { WorkerResponse } from './suggest-protocol';
import { runSuggest } from './suggest-run';

const compromise = nlp as unknown as Nlp;
const filler = 'the river rose slowly over the fields and the water stayed high for days.\n';
const block = (n: number) => filler.repeat(Math.ceil(n / filler.length));
// Three chunks: a name in the first, nothing in the second, the tagged text in the third.
const TEXT = `Angela Merkel spoke first.\n${block(CHUNK_SIZE)}${block(CHUNK_SIZE)}The report came from Acme Widgets.\n`;
const training: SuggestionTrainingDataResult = {
  revision: 'r1',
  documents: [],
  tagged: [{ text: 'Acme Widgets', label: 'ORG' }],
  aliases: [],
  rules: [],
  problems: [],
};

async function run(cancelAt = Infinity): Promise<WorkerResponse[]> {
  const messages: WorkerResponse[] = [];
  let checks = 0;
  await runSuggest(
    { kind: 'suggest', id: 7, text: TEXT, training, allowedLabels: ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'MISC'] },
    { nlp: compromise, post: (m) => messages.push(m), cancelled: () => ++checks > cancelAt, pause: () => Promise.resolve() },
  );
  return messages;
}

const texts = (m: WorkerResponse | undefined) => (m && 'suggestions' in m ? m.suggestions.map((s) => `${s.label}:${s.text}:${s.source ?? 'compromise'}`) : []);

describe('a suggestions run in the worker', () => {
  it('sends the learned suggestions first, then adds compromise’s chunk by chunk, and ends with the whole list', async () => {
    const messages = await run();
    expect(messages.map((m) => m.kind)).toEqual(['partial', 'progress', 'partial', 'progress', 'partial', 'progress', 'progress', 'result']);
    const [learnedOnly, , afterFirst] = messages;
    expect(texts(learnedOnly)).toEqual(['ORG:Acme Widgets:string-match']);
    expect(texts(afterFirst)).toEqual(['PERSON:Angela Merkel:compromise', 'ORG:Acme Widgets:string-match']);
    const result = messages.at(-1);
    // The same list as reading the whole text at once.
    const options = { allowedLabels: ['PERSON', 'ORG', 'GPE', 'LOC', 'DATE', 'MISC'] };
    const whole = withLearned(suggestEntities(compromise, new TextIndex(TEXT), options), learnedAsSuggestions(TEXT, training, options));
    expect(result && 'suggestions' in result ? result.suggestions : null).toEqual(whole);
  });

  it('stops between chunks when cancelled, with no result', async () => {
    const messages = await run(1);
    expect(messages.map((m) => m.kind)).toEqual(['partial', 'progress', 'partial', 'progress', 'cancelled']);
  });
});
