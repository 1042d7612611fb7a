import { QueryFailedError } from 'typeorm';
import { databaseTimeout } from './database-errors.js';

const failed = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('x'), { code }));

describe('databaseTimeout', () => {
  it('turns a statement, lock or idle-transaction timeout and a pool wait past its limit into a 503', () => {
    for (const err of [
      failed('57014'),
      failed('55P03'),
      failed('25P03'),
      Object.assign(new Error('x'), { code: '57014' }),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(databaseTimeout(err)?.toProblem()).toMatchObject({ status: 503, code: 'DATABASE_BUSY' });
    }
  });
  it('leaves every other error alone', () => {
    for (const err of [failed('23505'), failed('40P01'), new Error('boom'), null, undefined, 'text']) expect(databaseTimeout(err)).toBeUndefined();
  });
});
