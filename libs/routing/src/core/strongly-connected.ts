type IntList = ArrayLike<number>;

/**
 * The strongly connected components of a directed graph given as edge lists: a component id per
 * node and the size of each component. Tarjan's algorithm (1972), made iterative with an
 * explicit call stack so county-sized graphs cannot overflow the JavaScript stack.
 */
export function stronglyConnectedComponents(
  nodeCount: number,
  tail: IntList,
  head: IntList,
): { component: Int32Array; sizes: number[] } {
  const first = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < tail.length; e++) first[tail[e] + 1]++;
  for (let v = 0; v < nodeCount; v++) first[v + 1] += first[v];
  const adj = new Uint32Array(tail.length);
  const fill = first.slice(0, nodeCount);
  for (let e = 0; e < tail.length; e++) adj[fill[tail[e]]++] = head[e];

  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const stack = new Int32Array(nodeCount);
  const callNode = new Int32Array(nodeCount);
  const callIter = new Uint32Array(nodeCount);
  const component = new Int32Array(nodeCount).fill(-1);
  const sizes: number[] = [];
  let sp = 0;
  let counter = 0;

  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    let csp = 0;
    const enter = (v: number): void => {
      index[v] = low[v] = counter++;
      stack[sp++] = v;
      onStack[v] = 1;
      callNode[csp] = v;
      callIter[csp] = first[v];
      csp++;
    };
    enter(root);
    while (csp > 0) {
      const v = callNode[csp - 1];
      if (callIter[csp - 1] < first[v + 1]) {
        const w = adj[callIter[csp - 1]++];
        if (index[w] === -1) enter(w);
        else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      csp--;
      if (low[v] === index[v]) {
        const id = sizes.length;
        let size = 0;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          component[w] = id;
          size++;
        } while (w !== v);
        sizes.push(size);
      }
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }

  return { component, sizes };
}

/** Marks the nodes of the largest strongly connected component. */
export function largestStronglyConnectedComponent(
  nodeCount: number,
  tail: IntList,
  head: IntList,
): Uint8Array {
  const { component, sizes } = stronglyConnectedComponents(nodeCount, tail, head);
  let best = 0;
  for (let c = 1; c < sizes.length; c++) if (sizes[c] > sizes[best]) best = c;
  const keep = new Uint8Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) keep[v] = component[v] === best ? 1 : 0;
  return keep;
}
