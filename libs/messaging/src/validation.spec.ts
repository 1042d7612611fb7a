import 'reflect-metadata';
import { IsInt, IsOptional, IsString, Max, MaxLength, validate } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { memoiseValidationMetadata } from './validation.js';

class Page {
  @IsOptional()
  @IsInt()
  @Max(100)
  limit?: number;
}

class Named extends Page {
  @IsString()
  @MaxLength(5)
  name: string;
}

const of = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
const failing = async (o: object) => (await validate(o, { whitelist: true, forbidNonWhitelisted: true })).map((e) => e.property).sort();

describe('memoised class-validator metadata', () => {
  it('validates as before, inherited rules included, and keeps one lookup per class and options', async () => {
    const before = [await failing(of(Named, { name: 'toolong', limit: 500 })), await failing(of(Named, { name: 'ok' })), await failing(of(Page, { limit: 7 }))];
    memoiseValidationMetadata();
    memoiseValidationMetadata();
    const after = [await failing(of(Named, { name: 'toolong', limit: 500 })), await failing(of(Named, { name: 'ok' })), await failing(of(Page, { limit: 7 }))];
    expect(after).toEqual(before);
    expect(after).toEqual([['limit', 'name'], [], []]);
    // an unknown property is still refused
    expect(await failing(Object.assign(of(Named, { name: 'ok' }), { extra: 1 }))).toEqual(['extra']);
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Named, '', false, false);
    expect(storage.getTargetValidationMetadatas(Named, '', false, false)).toBe(first);
    expect(first.map((m) => m.propertyName).sort()).toEqual(['limit', 'limit', 'limit', 'name', 'name']);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('forgets what it kept when a rule is registered later', async () => {
    memoiseValidationMetadata();
    class Later {
      code: string;
    }
    expect(await failing(of(Later, {}))).toEqual([]);
    IsString()(Later.prototype, 'code');
    expect(await failing(of(Later, {}))).toEqual(['code']);
    expect(await failing(of(Later, { code: 'x' }))).toEqual([]);
  });
});
