import { randomInt } from 'node:crypto';
import { usccCheckChar } from '@app/contracts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A unified social credit code with a correct check character, registered in `division`. */
export function validUscc(division = '140100'): string {
  let body = `91${division}`;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckChar(body);
}

export function enterpriseInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `山西测试快递有限公司${randomInt(1e6)}`,
    uscc: validUscc(),
    brand: 'ZTO',
    licence: { number: `晋邮${randomInt(1e8)}`, validFrom: '2023-01-01', validTo: '2030-12-31', scope: '国内快递（省内异地、同城）' },
    ...overrides,
  };
}
