import {
  type BranchDto,
  DomainError,
  type EnterprisePageDto,
  type EnterpriseResponseDto,
  type LicenceCheckResponse,
  type LicenceOperator,
  Subjects,
} from '@app/contracts';
import type { RequestMeta, ServiceRequester } from '@app/messaging';

/** Share of NATS_REQUEST_TIMEOUT_MS a service waits for supervision, so that it answers (503, naming supervision) before the gateway gives up on it. */
const TIMEOUT_SHARE = 0.6;
/** Enterprises asked for per page when the whole registry is read. */
const ENTERPRISE_PAGE = 200;
/** How long the brand code table read from supervision is used before it is read again. */
const BRANDS_FRESH_MS = 60_000;

/** How long a service waits for supervision's answer, given its own NATS_REQUEST_TIMEOUT_MS. */
export function supervisionTimeoutMs(requestTimeoutMs: number): number {
  return Math.max(100, Math.floor(requestTimeoutMs * TIMEOUT_SHARE));
}

export type OperatorLicence = LicenceCheckResponse & { operator: LicenceOperator };

/**
 * The one line of the other services to the supervision service (enterprise registry,
 * licences, branches, brand code table) over NATS request/reply. Request and response types
 * are those the access table declares for each subject. A supervision service that is down
 * or slow makes a call a 503 DomainError (ServiceRequester), so nothing is decided on an
 * unknown state; supervision's own problems come back as the DomainError it threw. A lookup
 * of an id supervision does not know answers null: what an unknown id means (a 422 naming
 * the field, a report without an operator) is the caller's rule.
 */
export class SupervisionClient {
  private brands?: { codes: Set<string>; at: number };

  constructor(private readonly requester: ServiceRequester) {}

  /** The licence state of an enterprise on a business date; null when no enterprise has this id. */
  licence(enterpriseId: string, date: string, meta: RequestMeta): Promise<LicenceCheckResponse | null> {
    return orNull(this.requester.request(Subjects.supervision.licencesCheck, { enterpriseId, date }, meta));
  }

  /**
   * The licence state on a business date together with who the enterprise is and its credit
   * standing: one call where enterprise, credit and licence took three. Null when no
   * enterprise has this id.
   */
  async operatorLicence(enterpriseId: string, date: string, meta: RequestMeta): Promise<OperatorLicence | null> {
    const check = await orNull(this.requester.request(Subjects.supervision.licencesCheck, { enterpriseId, date, withOperator: true }, meta));
    if (!check) return null;
    if (!check.operator) throw new DomainError(500, 'REMOTE_ERROR', 'supervision answered a licence check without the operator');
    return { ...check, operator: check.operator };
  }

  /** A branch or business office by id; null when there is none. */
  branch(id: string, meta: RequestMeta): Promise<BranchDto | null> {
    return orNull(this.requester.request(Subjects.supervision.branchesGet, { id }, meta));
  }

  /** A registered enterprise by id; null when there is none. */
  enterprise(id: string, meta: RequestMeta): Promise<EnterpriseResponseDto | null> {
    return orNull(this.requester.request(Subjects.supervision.enterprisesGet, { id }, meta));
  }

  /** The registered enterprise with this unified social credit code, or null. */
  async enterpriseByUscc(uscc: string, meta: RequestMeta): Promise<EnterpriseResponseDto | null> {
    const page = await this.requester.request(Subjects.supervision.enterprisesList, { uscc, limit: 1 }, meta);
    return page.items[0] ?? null;
  }

  /** Every registered enterprise, paged through in the registry's order. */
  async enterprises(meta: RequestMeta): Promise<EnterpriseResponseDto[]> {
    const out: EnterpriseResponseDto[] = [];
    let cursor: string | null = null;
    do {
      const page: EnterprisePageDto = await this.requester.request(
        Subjects.supervision.enterprisesList,
        { limit: ENTERPRISE_PAGE, ...(cursor ? { cursor } : {}) },
        meta,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /**
   * The courier brand codes (`supervision.brands.list`, asked as the service itself, without
   * the caller's principal), kept for a minute. When supervision does not answer, the last
   * table read stays in use; with none read yet, the call fails with 503.
   */
  async brandCodes(meta: RequestMeta): Promise<Set<string>> {
    if (this.brands && Date.now() - this.brands.at < BRANDS_FRESH_MS) return this.brands.codes;
    try {
      const list = await this.requester.request(Subjects.supervision.brandsList, {}, { principal: null, correlationId: meta.correlationId });
      this.brands = { codes: new Set(list.items.map((b) => b.code)), at: Date.now() };
    } catch (err) {
      if (!this.brands) {
        throw DomainError.unavailable(`the brand code table could not be read (${err instanceof Error ? err.message : 'supervision unavailable'})`);
      }
    }
    return this.brands.codes;
  }
}

/** The answer, or null when supervision answers 404. */
async function orNull<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) return null;
    throw err;
  }
}
