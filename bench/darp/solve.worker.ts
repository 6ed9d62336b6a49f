import { parentPort } from 'node:worker_threads';
import { createHighsSetPartitioner } from '@app/dispatch';
import { solveInstance, type SolveJob } from './solve-instance';

// One instance per message, so the pool can hand out the next file as soon as this one ends.
const partitioner = createHighsSetPartitioner();
parentPort?.on('message', (job: SolveJob) => {
  void partitioner.then((p) => parentPort?.postMessage(solveInstance(job, p)));
});
