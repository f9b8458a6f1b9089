// One benchmark figure, as printed by `npm run bench` and written to bench/results/.
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target or physical limit, in words, e.g. `≤ 1000 ms` or `line-time limit`. */
  readonly target?: string;
  /** value / target (or / the limit, or / a baseline measured in the same run). */
  readonly ratio?: number;
  readonly note?: string;
}
