import { describe, expect, expectTypeOf, it } from 'vitest';
import { schemaOf } from '../src/api/schemas/from-fields.js';
import { decimal, object, problemIn, type Infer } from '../src/domain/fields.js';
import { msg } from '../src/domain/catalogue.js';

// The field language on its own (src/domain/fields.ts): the domain's check and the API's zod agree.

describe('decimal fields', () => {
  const factor = decimal(1, 3, 2);
  const zod = schemaOf(factor);

  it('accepts a number within its bounds with at most its places', () => {
    for (const v of [1, 1.5, 1.25, 3]) {
      expect(problemIn(factor, v), String(v)).toBeUndefined();
      expect(zod.safeParse(v).success, String(v)).toBe(true);
    }
    expectTypeOf<Infer<typeof factor>>().toEqualTypeOf<number>();
  });

  it('refuses more places, a float slip (1.5000000000000002), a number out of bounds and anything not a number', () => {
    for (const v of [1.255, (0.1 + 0.2) * 5, 0.99, 3.01, '1.5', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(problemIn(factor, v), String(v)).toEqual({ path: 'body', message: msg('field.decimal', { min: 1, max: 3, places: 2 }) });
      expect(zod.safeParse(v).success, String(v)).toBe(false);
    }
  });

  it('names its path inside an object', () => {
    expect(problemIn(object({ lowIncomeFactor: factor }), { lowIncomeFactor: 1.505 })).toMatchObject({ path: 'lowIncomeFactor' });
  });
});
