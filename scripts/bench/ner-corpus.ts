// A corpus written for measuring the recommenders: seeded, generated news
// paragraphs with every entity annotated (PERSON, ORG, GPE, LOC, DATE). The
// names recur the way they do in a newsroom's beat (a few people and
// organisations in most stories, a long tail seen once), so it measures both
// remembering what was tagged and generalising to names never seen.
import type { TrainingDocument, TrainingSpan } from '../../app/recommenders/types';
import { mulberry32 } from '../../app/seeded-random';

const FIRST = ['Maria', 'Kenji', 'Amara', 'Tomasz', 'Leila', 'Pedro', 'Ingrid', 'Samuel', 'Yuki', 'Farid', 'Clara', 'Dmitri', 'Nadia', 'Oscar', 'Priya', 'Henrik', 'Aiko', 'Tariq', 'Elena', 'Jonas', 'Sofia', 'Malik', 'Hana', 'Lucas'];
const LAST = ['Okafor', 'Tanaka', 'Lindqvist', 'Moreau', 'Haddad', 'Kowalski', 'Santos', 'Brennan', 'Ishikawa', 'Rahman', 'Weber', 'Petrov', 'Castillo', 'Nakamura', 'Adeyemi', 'Larsen', 'Ferreira', 'Novak', 'Quinn', 'Sato', 'Bauer', 'Mensah', 'Oduya', 'Varga'];
const TITLES = ['', '', 'Gen. ', 'Minister ', 'Dr. ', 'Senator '];
const ORG_HEADS = ['National', 'Northern', 'Pacific', 'Atlantic', 'Central', 'United', 'Eastern', 'Coastal'];
const ORG_TAILS = ['Defense Agency', 'Space Command', 'Energy Group', 'Shipping Company', 'Research Institute', 'Trade Council', 'Water Authority', 'Farmers Union'];
const GPES = ['Japan', 'Brazil', 'Norway', 'Kenya', 'Canada', 'Vietnam', 'Chile', 'Poland', 'Egypt', 'Peru', 'Ghana', 'Finland', 'Osaka', 'Lagos', 'Lima', 'Oslo', 'Hanoi', 'Cairo', 'Quito', 'Krakow'];
const LOC_HEADS = ['Pine', 'Red', 'Long', 'Silver', 'Stone', 'Cedar', 'Grey', 'High'];
const LOC_TAILS = ['River', 'Valley', 'Bay', 'Air Base', 'Strait', 'Mountains', 'Harbor', 'Desert'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** Sentence templates: {P} person, {O} organisation, {G} place (GPE), {L} location, {D} date. */
const TEMPLATES = [
  '{P} said on {D} that {O} would open a new office in {G}.',
  'Officials from {O} met {P} near {L} to discuss the plan.',
  'The agreement between {G} and {G} was signed on {D}, according to {O}.',
  '"We are ready," {P} told reporters in {G} after the talks.',
  'A report by {O} found that shipments through {L} fell sharply last year.',
  'On {D}, {P} of {O} announced a review of the contract.',
  'Residents of {G} were told to avoid {L} until further notice.',
  '{O} has not commented on the claims made by {P}.',
  'The visit, planned for {D}, will take {P} to {G} and {G}.',
  'Critics in {G} say {O} moved too slowly, {P} wrote.',
  'Troops stationed at {L} began the exercise on {D}.',
  'According to {P}, the budget for {O} will double by {D}.',
  'However, Defense Ministry Spokesperson {P} declined to confirm the figures.',
  'It may take weeks before {O} can say what happened at {L}.',
  'Talks Resume After Long Pause, {O} Says',
  'Breaking: Heavy Rain Closes Roads Across {G}',
  'Analysts Expect Prices To Rise As Summer Begins',
  '{P}, who has led {O} since {D}, will step down.',
  'Asked about {G}, {P} only said: "No Comment."',
  'Officials Say Progress Is Slow but Steady in the North.',
  'Shares of {O} rose after {P} spoke in {G} on {D}.',
  'Flooding near {L} forced Emergency Crews to work through the night.',
  'The Minister arrived late; {P} had already left for {G}.',
  'Neither {O} nor the City Council replied by {D}.',
];


export interface NerCorpusOptions {
  documents?: number;
  paragraphsPerDocument?: number;
  seed?: number;
}

/** The generated documents, with every entity as a gold span (code points). */
export function generateNerCorpus(options: NerCorpusOptions = {}): TrainingDocument[] {
  const random = mulberry32(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  // The beat's regulars: recur in most documents.
  const regularsP = Array.from({ length: 6 }, () => `${pick(FIRST)} ${pick(LAST)}`);
  const regularsO = Array.from({ length: 4 }, () => `${pick(ORG_HEADS)} ${pick(ORG_TAILS)}`);
  const regularsL = Array.from({ length: 4 }, () => `${pick(LOC_HEADS)} ${pick(LOC_TAILS)}`);
  const fill: Record<string, { label: string; make: () => { prefix: string; name: string } }> = {
    P: { label: 'PERSON', make: () => ({ prefix: pick(TITLES), name: random() < 0.6 ? pick(regularsP) : `${pick(FIRST)} ${pick(LAST)}` }) },
    O: { label: 'ORG', make: () => ({ prefix: random() < 0.5 ? 'the ' : '', name: random() < 0.6 ? pick(regularsO) : `${pick(ORG_HEADS)} ${pick(ORG_TAILS)}` }) },
    G: { label: 'GPE', make: () => ({ prefix: '', name: pick(GPES) }) },
    L: { label: 'LOC', make: () => ({ prefix: random() < 0.5 ? 'the ' : '', name: random() < 0.6 ? pick(regularsL) : `${pick(LOC_HEADS)} ${pick(LOC_TAILS)}` }) },
    D: {
      label: 'DATE',
      make: () => ({ prefix: '', name: random() < 0.5 ? pick(DAYS) : `${pick(MONTHS)} ${1 + Math.floor(random() * 28)}` }),
    },
  };
  const docs: TrainingDocument[] = [];
  for (let d = 0; d < (options.documents ?? 20); d++) {
    let text = '';
    const spans: TrainingSpan[] = [];
    let cp = 0;
    const add = (s: string) => {
      text += s;
      cp += [...s].length;
    };
    for (let p = 0; p < (options.paragraphsPerDocument ?? 6); p++) {
      const sentences = 2 + Math.floor(random() * 3);
      for (let s = 0; s < sentences; s++) {
        if (s > 0) add(' ');
        const template = pick(TEMPLATES);
        let last = 0;
        for (const m of template.matchAll(/\{([POGLD])\}/g)) {
          add(template.slice(last, m.index));
          const slot = fill[m[1] as string]!;
          const { prefix, name } = slot.make();
          // A sentence that starts with "the" capitalises it, as a writer would.
          add(m.index === 0 && prefix ? prefix[0]!.toUpperCase() + prefix.slice(1) : prefix);
          spans.push({ start: cp, end: cp + [...name].length, label: slot.label });
          add(name);
          last = (m.index as number) + m[0].length;
        }
        add(template.slice(last));
      }
      add('\n');
    }
    docs.push({ text, spans });
  }
  return docs;
}
