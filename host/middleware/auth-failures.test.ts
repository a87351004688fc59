import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { authFailureLimit } from './auth-failures.js';
import { ApiError } from '../errors.js';

test('each failure past the free ones doubles the wait; the window forgets old failures', async () => {
  let now = 0;
  const app = new Hono();
  app.onError((err, c) => (err instanceof ApiError ? c.json({ errors: err.errors }, err.status as 401, err.headers) : c.text('boom', 500)));
  app.use(
    '*',
    authFailureLimit({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 60_000, clientAddress: () => 'peer' }, () => now),
  );
  app.get('/', (c) => {
    if (c.req.header('authorization') === 'Bearer right') return c.text('ok');
    const code = c.req.header('x-expired') ? 'token_expired' : 'unauthorized';
    throw new ApiError(401, code, 'Unauthorized', 'no');
  });
  const call = async (auth: string, expired = false) => {
    const res = await app.request('/', { headers: { authorization: `Bearer ${auth}`, ...(expired ? { 'x-expired': '1' } : {}) } });
    return { status: res.status, retry: Number(res.headers.get('retry-after') ?? 0) };
  };

  for (let i = 0; i < 5; i++) assert.equal((await call('old', true)).status, 401, 'expired tokens never count');
  assert.equal((await call('x')).status, 401);
  assert.equal((await call('x')).status, 401);
  assert.equal((await call('x')).status, 401, 'the third failure is answered, then the address waits');
  assert.deepEqual(await call('right'), { status: 429, retry: 1 });
  now += 1000;
  assert.equal((await call('x')).status, 401);
  assert.deepEqual(await call('x'), { status: 429, retry: 2 }, 'the fourth failure doubled the wait');
  now += 2000;
  assert.equal((await call('x')).status, 401);
  now += 4000;
  assert.equal((await call('x')).status, 401);
  assert.deepEqual(await call('x'), { status: 429, retry: 8 }, 'capped at maxDelayMs');
  now += 61_000;
  assert.equal((await call('right')).status, 200, 'after the window and the wait, the slate is clean');
  assert.equal((await call('x')).status, 401);
  assert.equal((await call('right')).status, 200);
});
