import { parentPort } from 'node:worker_threads';
import { solveInstance, type SolveJob } from './solve-instance';

// One instance per message, so the pool can hand out the next file as soon as this one ends.
parentPort?.on('message', (job: SolveJob) => {
  parentPort?.postMessage(solveInstance(job));
});
