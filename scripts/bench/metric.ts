// One row of the benchmark report (run.ts prints them as the table and writes
// them to the JSON report); every section reports through this shape.
export interface Metric {
  id: string;
  name: string;
  value: number | null;
  unit: string;
  /** Human-readable target, or null when the figure is context for another. */
  target: string | null;
  /** true/false against the target; null when there is no target or it was not measured. */
  pass: boolean | null;
  note?: string;
}
