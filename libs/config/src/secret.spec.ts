import { randomBytes } from 'node:crypto';
import { IsOptional, IsString } from 'class-validator';
import { ConfigError, loadConfig } from './index.js';
import { entropyBits, IsSecret, secretProblem } from './secret.js';

class WithSecret {
  @IsString()
  @IsSecret(100)
  JWT_SECRET: string;

  @IsOptional()
  @IsSecret(40)
  ADMIN_PASSWORD?: string;
}

describe('secrets refuse placeholders and low entropy', () => {
  it('refuses the placeholders of deploy/.env.example and documentation, whatever their case', () => {
    for (const value of [
      'REPLACE_ME_with_at_least_32_random_characters',
      'an-Example-secret-9f8e7d6c5b4a39281726354',
      'ChangeMe-0123456789abcdefghijklmnopqrstuv',
    ]) {
      expect(secretProblem(value, 100)).toMatch(/placeholder/);
    }
  });

  it('refuses repetitive values and takes random ones', () => {
    expect(entropyBits('x'.repeat(64))).toBe(0);
    expect(secretProblem('abababababababababababababababab', 100)).toMatch(/too little entropy/);
    expect(secretProblem(randomBytes(32).toString('hex'), 100)).toBeNull();
    expect(secretProblem(randomBytes(12).toString('base64url'), 40)).toBeNull();
    expect(secretProblem(`test-${randomBytes(8).toString('hex')}`, 40)).toBeNull();
  });

  it('names the variable in the configuration error', () => {
    expect(() => loadConfig(WithSecret, { JWT_SECRET: 'REPLACE_ME_with_at_least_32_random_characters' })).toThrow(ConfigError);
    expect(() => loadConfig(WithSecret, { JWT_SECRET: randomBytes(32).toString('hex'), ADMIN_PASSWORD: 'REPLACE_ME_admin' })).toThrow(
      /ADMIN_PASSWORD: ADMIN_PASSWORD is a placeholder/,
    );
    expect(loadConfig(WithSecret, { JWT_SECRET: randomBytes(32).toString('hex') }).ADMIN_PASSWORD).toBeUndefined();
  });
});
