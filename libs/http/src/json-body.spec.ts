import { gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { bodyErrorAnswer, installJsonBody, jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  const exceeds = (s: string, max = 3) => jsonDepthExceeds(Buffer.from(s), max);

  it.each([
    ['{}', false],
    ['[[[]]]', false],
    ['[[[[]]]]', true],
    ['{"a":{"b":{"c":1}}}', false],
    ['{"a":{"b":{"c":{"d":1}}}}', true],
    ['[1,[2],[3],[4],[[5]]]', false],
    ['{"s":"[[[[[[[[{{{{"}', false],
    ['{"s":"\\"[[[[[[[["}', false],
    ['{"s":"\\\\"}[[[[', true],
  ])('%s exceeds 3 levels: %s', (json, expected) => {
    expect(exceeds(json)).toBe(expected);
  });

  it('scans a 40,000-deep array without recursion', () => {
    expect(exceeds('['.repeat(40_000) + ']'.repeat(40_000), 32)).toBe(true);
  });
});

describe('bodyErrorAnswer', () => {
  const req = (encoding?: string) => ({ headers: { 'content-encoding': encoding } });

  it('answers a decompression error that body-parser passes on without a type with 400', () => {
    // What body-parser raises for `content-encoding: gzip` over a body that is not: zlib's error
    // with status 400 and no type.
    const zlibError = Object.assign(new Error('incorrect header check'), {
      status: 400,
      code: 'Z_DATA_ERROR',
    });
    expect(bodyErrorAnswer(zlibError, req('gzip'), '100kb')).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'undecodable_body',
      message:
        'body: is not valid gzip data, as its content-encoding says (incorrect header check)',
      errors: [
        {
          field: 'body',
          code: 'undecodable_body',
          reason: 'is not valid gzip data, as its content-encoding says (incorrect header check)',
        },
      ],
    });
  });

  it.each([
    [{ status: 413, type: 'entity.too.large' }, 413, 'entity_too_large', 'is larger than 100kb'],
    [
      { status: 415, type: 'encoding.unsupported', message: 'unsupported content encoding "x"' },
      415,
      'encoding_unsupported',
      'unsupported content encoding "x"',
    ],
    [
      { status: 400, type: 'entity.parse.failed', message: 'x' },
      400,
      'malformed_json',
      'is not valid JSON',
    ],
  ])('answers %j with %i', (err, status, code, reason) => {
    expect(bodyErrorAnswer(err, req(), '100kb')).toMatchObject({
      statusCode: status,
      code,
      errors: [{ field: 'body', reason }],
    });
  });

  it.each([[new Error('boom')], [{ status: 500, type: 'x' }], [null], ['text']])(
    "leaves %p, which is not the client's, to the exception filter",
    (err) => {
      expect(bodyErrorAnswer(err, req(), '100kb')).toBeNull();
    },
  );

  it.each(['gzip', 'deflate', 'br'])(
    'answers a body that is not the %s its content-encoding says with 400 in JSON, and reads one that is',
    async (encoding) => {
      const app = express();
      installJsonBody(app);
      app.post('/', (req, res) => void res.json(req.body));
      const bad = await request(app)
        .post('/')
        .set('content-type', 'application/json')
        .set('content-encoding', encoding)
        .send('{"phone":"x"}');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'undecodable_body', errors: [{ field: 'body' }] });
      if (encoding !== 'gzip') return;
      const good = await request(app)
        .post('/')
        .set('content-type', 'application/json')
        .set('content-encoding', 'gzip')
        .serialize((b: Buffer) => b as unknown as string) // as it is, not as JSON
        .send(gzipSync('{"phone":"x"}'));
      expect(good.body).toEqual({ phone: 'x' });
    },
  );
});
