// The recommenders that learn from the corpus, put together for one document:
// string matching (tagged texts and registry aliases), the schema's rules and
// the tagger trained on the annotated documents. Models are built once per
// training revision and kept (in the worker that calls this).
import type { LabelSchemaFile } from '../label-schema';
import { combineRecommendations, type CombineOptions } from './combine';
import { tagText, trainTagger, type TaggerModel } from './perceptron';
import { applyRules, type SuggestionRule } from './rules';
import { buildGazetteer, matchGazetteer, type Gazetteer, type RegistryAlias, type TaggedText } from './string-match';
import type { Recommendation, TrainingDocument } from './types';

/** What main gathers from the corpus for the recommenders (getSuggestionTrainingData). */
export interface SuggestionTrainingData {
  /** Changes whenever any of it does: models are rebuilt only then. */
  revision: string;
  /** Annotated documents with their entity spans (a bounded sample: see main/corpus/training-data.ts). */
  documents: TrainingDocument[];
  /** Every entity annotation's text in the corpus, for string matching. */
  tagged: TaggedText[];
  aliases: RegistryAlias[];
}

interface Models {
  revision: string;
  gazetteer: Gazetteer;
  tagger: TaggerModel | null;
}

let cached: Models | null = null;

/** The tagger needs a few annotated documents before it says anything useful. */
export const MIN_TRAINING_SPANS = 20;

function modelsFor(data: SuggestionTrainingData): Models {
  if (cached?.revision === data.revision) return cached;
  const spans = data.documents.reduce((n, d) => n + d.spans.length, 0);
  cached = {
    revision: data.revision,
    gazetteer: buildGazetteer(data.documents, data.aliases, data.tagged),
    tagger: spans >= MIN_TRAINING_SPANS ? trainTagger(data.documents) : null,
  };
  return cached;
}

/** The rules of a label schema, if it has any (`suggestionRules`). */
export function schemaRules(schema: Pick<LabelSchemaFile, 'entityLabels'> & { suggestionRules?: readonly SuggestionRule[] }): SuggestionRule[] {
  return [...(schema.suggestionRules ?? [])];
}

export function learnedSuggestions(
  text: string,
  data: SuggestionTrainingData | null,
  rules: readonly SuggestionRule[] = [],
  options: CombineOptions = {},
): Recommendation[] {
  const lists: Recommendation[][] = [applyRules(rules, text)];
  if (data) {
    const models = modelsFor(data);
    lists.push(matchGazetteer(models.gazetteer, text));
    if (models.tagger) lists.push(tagText(models.tagger, text));
  }
  return combineRecommendations(lists, options);
}
