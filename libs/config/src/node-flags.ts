/**
 * V8 flags the dispatch worker runs with (`npm run start:dispatch-worker`, `npm start`, and
 * bench:online, which measures the insertion as the worker runs it; package.json's start script
 * spells the same flags). Every booking allocates some tens of kilobytes of short-lived objects
 * (instance, plans, rows). V8's young generation starts small and grows only under pressure, so
 * with its defaults a minor collection (1-5 ms here) fell into about one insertion in a hundred
 * and set bench:online's p99 (2-3 ms against a 0.2 ms median). A fixed 32 MB semi-space makes
 * them several times rarer at the same cost each (a scavenge copies only what is still alive).
 */
export const DISPATCH_WORKER_NODE_FLAGS: readonly string[] = [
  '--min-semi-space-size=32',
  '--max-semi-space-size=32',
];
