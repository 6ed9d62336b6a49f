import loadHighs from 'highs';
import type { SetPartitioner, SetPartitioningModel } from './set-partitioning.port';

/**
 * {@link SetPartitioner} backed by HiGHS (Huangfu & Hall 2018) compiled to WebAssembly (npm
 * `highs`). The model goes in as CPLEX LP text with the caller's known solution as the first
 * incumbent, so the branch and bound only has to beat it; each solve uses a fresh native instance
 * that is disposed afterwards. Loading compiles the WebAssembly module once.
 */
export async function createHighsSetPartitioner(): Promise<SetPartitioner> {
  const highs = await loadHighs();
  return {
    solve(model: SetPartitioningModel): number[] | null {
      const m = highs.createModel({ format: 'lp', data: toLp(model) });
      try {
        m.options.set({ time_limit: model.timeLimitS, mip_rel_gap: 0, output_flag: false });
        if (model.start) {
          const x = new Float64Array(model.cost.length);
          for (const c of model.start) x[c] = 1;
          m.setSolution({ colValue: x });
        }
        m.run();
        const x = m.getSolution().colValue;
        const chosen: number[] = [];
        for (let c = 0; c < x.length; c++) if (x[c] > 0.5) chosen.push(c);
        return chosen.length > 0 ? chosen : null;
      } catch {
        return null; // no primal solution to read: the search goes on without one
      } finally {
        m.dispose();
      }
    },
  };
}

/** CPLEX LP text; long sums are broken into lines of ten terms. */
function toLp(model: SetPartitioningModel): string {
  const { rows, cost, cover, group, groupLimit } = model;
  const nCol = cost.length;
  const byRow: number[][] = Array.from({ length: rows }, () => []);
  for (let c = 0; c < nCol; c++) for (const r of cover[c]) byRow[r].push(c);
  const byGroup: number[][] = Array.from({ length: groupLimit.length }, () => []);
  for (let c = 0; c < nCol; c++) byGroup[group[c]].push(c);
  const all = Array.from({ length: nCol }, (_, c) => c);
  const sum = (cols: number[], coef?: (c: number) => string): string =>
    cols
      .map((c, k) => `${k % 10 === 0 && k > 0 ? '\n ' : ''}${coef ? coef(c) : '+'} x${c}`)
      .join(' ');
  const out = ['Minimize', ` obj: ${sum(all, (c) => `+ ${cost[c].toFixed(9)}`)}`, 'Subject To'];
  byRow.forEach((cols, r) => out.push(` r${r}: ${sum(cols)} = 1`));
  byGroup.forEach((cols, g) => {
    if (cols.length > 0) out.push(` g${g}: ${sum(cols)} <= ${groupLimit[g]}`);
  });
  out.push('Binary');
  for (let c = 0; c < nCol; c += 20)
    out.push(
      ' ' +
        all
          .slice(c, c + 20)
          .map((k) => `x${k}`)
          .join(' '),
    );
  out.push('End');
  return out.join('\n');
}
