import type { ArgumentMetadata } from '@nestjs/common';
import { getMetadataStorage, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { parameterProblems } from './request-parameters';

class SearchQuery {
  @IsOptional()
  @IsString()
  q?: string;

  @IsOptional()
  @Matches(/^\d{5}$/)
  county?: string;

  @IsOptional()
  @IsIn(['a', 'b'], { each: true })
  status?: string[];
}

const query = (metatype?: ArgumentMetadata['metatype'], data?: string): ArgumentMetadata => ({
  type: 'query',
  metatype,
  data,
});

describe('parameterProblems', () => {
  it.each<[string, unknown, ArgumentMetadata, string | null]>([
    ['a NUL in a DTO query', { q: 'M\u0000' }, query(SearchQuery), 'q'],
    ['a NUL in one named query parameter', '07\u000036', query(String, 'county'), 'county'],
    ['a NUL in a path parameter', 'a\u0000b', { type: 'param', data: 'id' }, 'id'],
    ['a NUL in one of repeated values', { status: ['a', '\u0000'] }, query(SearchQuery), 'status'],
    ['a NUL in a parameter name', { 'q\u0000': 'x' }, query(SearchQuery), 'q\\u0000'],
    ['no NUL', { q: 'Münchweiler', county: '07336' }, query(SearchQuery), null],
    ['a NUL in a body (checked where it is parsed)', { q: '\u0000' }, { type: 'body' }, null],
  ])('%s', (_name, value, metadata, field) => {
    const problems = parameterProblems(value, metadata);
    expect(problems).toEqual(
      field === null
        ? []
        : [
            {
              field,
              code: 'nul_character',
              reason: 'must not contain the NUL character (\\u0000)',
            },
          ],
    );
  });
});

describe('parameterProblems: a parameter given more than once', () => {
  it.each<[string, unknown, ArgumentMetadata, string | null]>([
    ['in a DTO', { county: ['07336', '07335'] }, query(SearchQuery), 'county'],
    ['named alone', ['07336', '07335'], query(String, 'county'), 'county'],
    ['named alone, its type a union', ['07336', '07335'], query(Object, 'county'), 'county'],
    ['that takes a list (each: true)', { status: ['a', 'b'] }, query(SearchQuery), null],
    ['named alone and typed as a list', ['a', 'b'], query(Array, 'ids'), null],
    ['unknown to the DTO (whitelist names it)', { x: ['1', '2'] }, query(SearchQuery), null],
    ['once', { county: '07336' }, query(SearchQuery), null],
  ])('%s', (_name, value, metadata, field) => {
    expect(parameterProblems(value, metadata)).toEqual(
      field === null
        ? []
        : [{ field, code: 'repeated_parameter', reason: 'takes one value, was given 2' }],
    );
  });
});

describe('parameterProblems: the DTO rules', () => {
  afterEach(() => jest.restoreAllMocks());

  it('are read only for a parameter given more than once', () => {
    const rules = jest.spyOn(getMetadataStorage(), 'getTargetValidationMetadatas');
    expect(parameterProblems({ q: 'Kusel', county: '07336' }, query(SearchQuery))).toEqual([]);
    expect(rules).not.toHaveBeenCalled();
    expect(parameterProblems({ q: 'Kusel', status: ['a', 'b'] }, query(SearchQuery))).toEqual([]);
    expect(rules).toHaveBeenCalledTimes(1);
  });
});
