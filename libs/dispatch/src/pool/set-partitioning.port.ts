/**
 * A set-partitioning model over routes: choose columns of least total cost so that every row of
 * `cover` is covered exactly once and no group uses more columns than it may.
 */
export interface SetPartitioningModel {
  /** Number of rows that must be covered exactly once (the requests). */
  rows: number;
  /** Cost per column. */
  cost: Float64Array;
  /** Rows covered by each column. */
  cover: readonly Int32Array[];
  /** Group of each column (a vehicle class) and the most columns each group may use. */
  group: Int32Array;
  groupLimit: Int32Array;
  /** Wall-clock budget in seconds. */
  timeLimitS: number;
  /** Columns of a known feasible solution, handed to the solver as its first incumbent. */
  start?: readonly number[];
}

/**
 * Port to a mixed-integer solver for {@link SetPartitioningModel}. Returns the chosen columns of
 * the best integer solution found within the budget, or null when none was found. The search
 * keeps working without one; the HiGHS adapter is {@link createHighsSetPartitioner}.
 */
export interface SetPartitioner {
  solve(model: SetPartitioningModel): number[] | null;
}
