import { RuleViolationError } from '@app/domain';
import { whatIfFailureMessage } from './what-if-failure';

describe('what the office reads when a what-if fails', () => {
  const job = '7d3f0c52-3f0e-4c6e-9a55-0d9b6a1f2e11';

  it('never an engine message, but that there are no figures and which job to report', () => {
    const message = whatIfFailureMessage(
      new Error('current plan of vehicle v01/0 is infeasible'),
      job,
    );
    expect(message).not.toMatch(/infeasible|v01/);
    expect(message).toContain('no figures');
    expect(message).toContain(job);
  });

  it("a rule the office can act on in the rule's own words", () => {
    const rule = new RuleViolationError([
      {
        field: 'source.date',
        code: 'no_bookings',
        reason: 'the county has no bookings on 2026-03-02',
      },
    ]);
    expect(whatIfFailureMessage(rule, job)).toBe(rule.message);
  });
});
