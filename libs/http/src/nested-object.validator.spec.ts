import { BadRequestException } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { IsNestedObject } from './nested-object.validator';
import { strictValidationPipe } from './validation';

class Leg {
  @IsIn(['depart_at', 'arrive_by'])
  timeKind: string;
}

class Trip {
  @IsOptional()
  @IsNestedObject(() => Leg)
  returnTrip?: Leg;
}

/** The 400's `errors` for `body`, or the validated value. */
async function validate(body: unknown): Promise<unknown> {
  try {
    return await strictValidationPipe().transform(body, { type: 'body', metatype: Trip });
  } catch (e) {
    if (!(e instanceof BadRequestException)) throw e;
    return (e.getResponse() as { errors: unknown }).errors;
  }
}

describe('IsNestedObject', () => {
  const notAnObject = [{ field: 'returnTrip', reason: 'must be an object', code: 'isObject' }];

  it.each([[[]], [[{ timeKind: 'depart_at' }]], [[{}]], ['noon'], [7], [true]])(
    'refuses %j, which is no object, with one problem naming the field',
    async (returnTrip) => {
      expect(await validate({ returnTrip })).toEqual(notAnObject);
    },
  );

  it('validates an object by its class and names its fields', async () => {
    expect(await validate({ returnTrip: { timeKind: 'soon' } })).toEqual([
      expect.objectContaining({ field: 'returnTrip.timeKind', code: 'isIn' }),
    ]);
    expect(await validate({ returnTrip: { timeKind: 'depart_at', x: 1 } })).toEqual([
      { field: 'returnTrip.x', reason: 'is not a known field', code: 'whitelistValidation' },
    ]);
    const ok = await validate({ returnTrip: { timeKind: 'arrive_by' } });
    expect(ok).toBeInstanceOf(Trip);
    expect((ok as Trip).returnTrip).toBeInstanceOf(Leg);
  });
});
