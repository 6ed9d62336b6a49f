import { RuleViolationError } from '@app/domain';
import { parseMobilePhone, parsePhone } from './phone-number';

describe('phone numbers', () => {
  it.each([
    ['0151 2345 6701', '+4915123456701'],
    ['+49 151 23456701', '+4915123456701'],
    ['0049 (151) 234-56701', '+4915123456701'],
    ['0170 555 0707', '+491705550707'],
  ])('reads the mobile number %s as %s', (input, e164) => {
    expect(parseMobilePhone(input)).toEqual({ e164, digits: e164.slice(1), mobile: true });
  });

  it('stores a landline in E.164 but refuses it for a code', () => {
    expect(parsePhone('06381 555 0100')).toEqual({
      e164: '+4963815550100',
      digits: '4963815550100',
      mobile: false,
    });
    const problem = () => parseMobilePhone('06381 555 0100');
    expect(problem).toThrow(RuleViolationError);
    try {
      problem();
    } catch (e) {
      expect((e as RuleViolationError).problems).toEqual([
        expect.objectContaining({ field: 'phone', code: 'not_mobile' }),
      ]);
    }
  });

  it.each(['12', '0151', 'abc', '+49 0000 000'])('refuses %s as not a number', (input) => {
    try {
      parsePhone(input, 'callerPhone');
      throw new Error('accepted');
    } catch (e) {
      expect((e as RuleViolationError).problems).toEqual([
        expect.objectContaining({ field: 'callerPhone', code: 'invalid_phone' }),
      ]);
    }
  });
});
