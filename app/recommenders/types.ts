// Shapes shared by the recommenders: what they learn from and what they suggest.
// Offsets are code points, half-open, as everywhere in app/.

/** An annotation a recommender learns from (an entity mention). */
export interface TrainingSpan {
  start: number;
  end: number;
  label: string;
  /** The registry entity it links, if any: suggested again with the same link. */
  entity?: string;
}

/** A document with the analyst's entity annotations. */
export interface TrainingDocument {
  text: string;
  spans: readonly TrainingSpan[];
}

export type RecommenderName = 'string-match' | 'rules' | 'tagger' | 'compromise';

/** One suggested span, with how sure its recommender is (0..1) and which one made it. */
export interface Recommendation {
  start: number;
  end: number;
  label: string;
  text: string;
  score: number;
  source: RecommenderName;
  entity?: string;
}
