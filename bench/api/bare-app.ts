/**
 * The framework's ceiling for bench:api: a bare NestJS app that does what GET /v1/bookings/:id
 * must do (verify the HS256 bearer token, read the booking with its two stops in one `pg` query,
 * answer JSON) and nothing else: no validation pipe, guards, filters, ORM or logging. Run as a
 * child process: BARE_PORT, DATABASE_URL, JWT_SECRET.
 */
import { Controller, Get, Headers, HttpException, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
// The secret as a KeyObject made once, as the booking API does (libs/auth), so the ceiling does
// not pay for jsonwebtoken parsing a string key per request.
const jwt = new JwtService({
  secret: createSecretKey(Buffer.from(String(process.env.JWT_SECRET))) as unknown as string,
});

// The whole row, as the API's view has nearly every column, with both stops' names.
const SQL = `SELECT b.*, f.name AS from_name, t.name AS to_name
  FROM bookings b JOIN stops f ON f.id = b.from_stop_id JOIN stops t ON t.id = b.to_stop_id
  WHERE b.id = $1`;

@Controller('bare')
class BareController {
  @Get('bookings/:id')
  async get(@Param('id') id: string, @Headers('authorization') auth?: string): Promise<object> {
    let sub: string;
    try {
      sub = jwt.verify<{ sub: string }>(String(auth).replace(/^Bearer /, ''), {
        algorithms: ['HS256'],
      }).sub;
    } catch {
      throw new HttpException('unauthorized', 401);
    }
    const { rows } = await pool.query(SQL, [id]);
    const b = rows[0] as Record<string, unknown> | undefined;
    if (!b || b.rider_id !== sub) throw new HttpException('not found', 404);
    const { from_name, to_name, ...row } = b;
    return {
      ...row,
      fromStop: { id: b.from_stop_id, name: from_name },
      toStop: { id: b.to_stop_id, name: to_name },
    };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error'] });
  await app.listen(Number(process.env.BARE_PORT), '127.0.0.1');
  console.log('bare listening');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
