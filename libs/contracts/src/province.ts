/**
 * The province a deployment serves: PROVINCE_CODE, the two-digit statistical code of the
 * province (13 Hebei, 14 Shanxi …), default Shanxi. One deployment serves one province; the
 * national view (SUPERVISION_SCOPE=national) reads every province's events and answers for
 * the region NATIONAL_REGION. Read once per process from the environment.
 */
export const DEFAULT_PROVINCE = '14';

/** The region code of the national view: the country, above every province. */
export const NATIONAL_REGION = '00';

/** PROVINCE_CODE of an environment (two digits, not 00), or the default. */
export function provinceOf(env: NodeJS.ProcessEnv = process.env): string {
  const code = env.PROVINCE_CODE || DEFAULT_PROVINCE;
  if (!/^\d{2}$/.test(code) || code === NATIONAL_REGION) throw new Error(`PROVINCE_CODE must be a two-digit province code, got ${JSON.stringify(code)}`);
  return code;
}

/** The province of this process. */
export const PROVINCE = provinceOf();

/**
 * Is this process part of the national deployment (SUPERVISION_SCOPE=national, set on the
 * national gateway and supervision)? It reads every province's events and answers for the
 * region NATIONAL_REGION and any province below it; PROVINCE_CODE does not apply to it.
 */
export const NATIONAL_SCOPE = process.env.SUPERVISION_SCOPE === 'national';

/** The region at the top of this deployment: its province, or the country for the national view. */
export const ROOT_REGION = NATIONAL_SCOPE ? NATIONAL_REGION : PROVINCE;

/**
 * A region code below this deployment's root: the province's two digits followed by `rest`
 * (a regular expression); in the national deployment any province's, and the country's own `00`
 * where `rest` may be empty.
 */
export function provincePattern(rest: string): RegExp {
  return NATIONAL_SCOPE ? new RegExp(`^(?:(?!00)\\d{2}${rest}|00)$`) : new RegExp(`^${PROVINCE}${rest}$`);
}

/** Does the region `scope` contain the region `code` (a prefix; the country contains every region)? */
export function regionContains(scope: string, code: string): boolean {
  return scope === NATIONAL_REGION || code.startsWith(scope);
}
