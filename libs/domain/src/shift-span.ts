import type { FieldProblem } from './errors';
import { planningInstantProblem } from './planning-window';

/** The longest shift the office may plan, by roster or by hand (working-time rules, with breaks). */
export const MAX_SHIFT_HOURS = 14;

/**
 * What is wrong with a shift from `startsAt` to `endsAt`, seen at `now`; empty when nothing. The
 * planning window ({@link planningInstantProblem}) applies to the instants in `given`, the ones the
 * request sets: a change names the field it got wrong, not the one it kept. Planned by hand
 * (`POST /admin/shifts`) and changed (`PATCH /admin/shifts/:id`) alike.
 */
export function shiftSpanProblems(
  startsAt: Date,
  endsAt: Date,
  now: Date,
  given: { startsAt?: unknown; endsAt?: unknown } = { startsAt, endsAt },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, at] of [
    ['startsAt', startsAt],
    ['endsAt', endsAt],
  ] as const) {
    const outside = given[field] === undefined ? null : planningInstantProblem(at, now);
    if (outside) problems.push({ field, code: 'outside_planning_window', reason: outside });
  }
  if (!(endsAt > startsAt))
    problems.push({ field: 'endsAt', code: 'invalid', reason: 'must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * 3600_000)
    problems.push({
      field: 'endsAt',
      code: 'invalid',
      reason: `a shift lasts at most ${MAX_SHIFT_HOURS} hours`,
    });
  return problems;
}
