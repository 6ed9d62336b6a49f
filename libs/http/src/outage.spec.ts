import { outageOf } from './outage';

const withProps = (message: string, props: Record<string, unknown>) =>
  Object.assign(new Error(message), props);

describe('outageOf: which dependency an error says is down', () => {
  it.each([
    [
      'pg refused',
      withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }),
      'database',
    ],
    [
      'both addresses refused',
      new AggregateError(
        [withProps('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })],
        '',
      ),
      'database',
    ],
    [
      'pg shut down',
      withProps('terminating connection due to administrator command', { code: '57P01' }),
      'database',
    ],
    [
      'TypeORM wrapping pg',
      withProps('Query failed', {
        name: 'QueryFailedError',
        driverError: withProps('Connection terminated unexpectedly', {}),
      }),
      'database',
    ],
    ['pg starting', withProps('the database system is starting up', { code: '57P03' }), 'database'],
    ['pool timeout', new Error('timeout exceeded when trying to connect'), 'database'],
    [
      'ioredis gave up',
      withProps('Reached the max retries per request limit (which is 3).', {
        name: 'MaxRetriesPerRequestError',
      }),
      'redis',
    ],
    ['ioredis closed', new Error('Connection is closed.'), 'redis'],
    [
      'router away',
      withProps('no answer', { name: 'RoutingError', code: 'Unavailable' }),
      'routing',
    ],
  ])('%s', (_name, error, expected) => expect(outageOf(error)).toBe(expected));

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['bad SQL', withProps('syntax error', { name: 'QueryFailedError', code: '42601' })],
    ['a constraint', withProps('violates check constraint', { code: '23514' })],
    ['no route', withProps('no route', { name: 'RoutingError', code: 'NoRoute' })],
    ['not an error', 'boom'],
  ])('%s is no outage', (_name, error) => expect(outageOf(error)).toBeNull());
});
