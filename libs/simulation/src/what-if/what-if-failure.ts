import { DomainError } from '@app/domain';

/**
 * What the office reads when a what-if replay fails. A domain error says in the office's terms
 * what to change; any other fault (the planning engine's, the router's) means nothing to the
 * office, so it reads that no figures came and which job to report, and the fault itself goes
 * to the log under that job.
 */
export function whatIfFailureMessage(e: unknown, jobId: string): string {
  if (e instanceof DomainError) return e.message;
  return (
    `the day could not be replayed because of an internal fault, so there are no figures; ` +
    `please report what-if job ${jobId} to support`
  );
}
