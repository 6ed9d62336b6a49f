import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

const NOT_AN_OBJECT = 'must be an object';

/**
 * A field holding one object of the class `type`, validated by that class's rules. Use it for
 * every nested object of a request, never `@ValidateNested()` alone: that also passes an array
 * (it validates each item instead, and `[]` has none), so `"returnTrip": []` reached the service
 * as an array and answered 500, and `"train": []` a 422 about "train undefined". Anything but a
 * plain object is a 400 `must be an object` naming the field (see `flatten` in validation.ts).
 */
export function IsNestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(
    IsObject({ message: NOT_AN_OBJECT }),
    ValidateNested({ message: NOT_AN_OBJECT }),
    Type(type),
  );
}
