import { InvalidTokenError, TokenService } from './token.service';

const OLD = { kid: '2026a', secret: 'a'.repeat(40) };
const NEW = { kid: '2026b', secret: 'b'.repeat(40) };

const R1 = '11111111-1111-4111-8111-111111111111';
const R2 = '22222222-2222-4222-8222-222222222222';
const C1 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const header = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<string, unknown>;

describe('TokenService: key ids and rotation', () => {
  it('names the signing key in the header and lives 15 minutes by default', () => {
    const tokens = new TokenService({ keys: [OLD], activeKid: OLD.kid, accessTtlS: 900 });
    const token = tokens.sign({ sub: R1, role: 'rider', countyId: C1 });
    expect(header(token)).toMatchObject({ alg: 'HS256', kid: '2026a' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(900);
    expect(tokens.verify(token)).toEqual({ sub: R1, role: 'rider', countyId: C1 });
  });

  it('accepts tokens of the old key after the new key became active, refuses dropped keys', () => {
    const before = new TokenService({ keys: [OLD], activeKid: OLD.kid, accessTtlS: 900 });
    const during = new TokenService({ keys: [OLD, NEW], activeKid: NEW.kid, accessTtlS: 900 });
    const after = new TokenService({ keys: [NEW], activeKid: NEW.kid, accessTtlS: 900 });
    const oldToken = before.sign({ sub: R1, role: 'rider', countyId: C1 });
    const newToken = during.sign({ sub: R2, role: 'rider', countyId: C1 });
    expect(header(newToken).kid).toBe('2026b');
    expect(during.verify(oldToken).sub).toBe(R1);
    expect(after.verify(newToken).sub).toBe(R2);
    expect(() => after.verify(oldToken)).toThrow(InvalidTokenError);
    // A token whose kid names a key it was not signed with is refused.
    const forged = [header(newToken), newToken.split('.')[1], oldToken.split('.')[2]];
    expect(() =>
      during.verify(
        `${Buffer.from(JSON.stringify(forged[0])).toString('base64url')}.${forged[1]}.${forged[2]}`,
      ),
    ).toThrow('token invalid');
  });

  it('refuses an operator token without a county, and keeps an admin without one', () => {
    const tokens = new TokenService({ keys: [OLD], activeKid: OLD.kid, accessTtlS: 900 });
    expect(() => tokens.verify(tokens.sign({ sub: 'op', role: 'operator' }))).toThrow(
      'operator token lacks a county',
    );
    expect(tokens.verify(tokens.sign({ sub: 'ad', role: 'admin', name: 'A' }))).toEqual({
      sub: 'ad',
      role: 'admin',
      name: 'A',
    });
  });

  it('says when a token has expired', () => {
    const tokens = new TokenService({ keys: [OLD], activeKid: OLD.kid, accessTtlS: 900 });
    expect(() => tokens.verify(tokens.sign({ sub: R1, role: 'rider' }, -10))).toThrow(
      'token expired',
    );
  });
});
