import { OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { BranchDto, CreditCheckItem, DomainError, EnterpriseResponseDto, LicenceCheckResponse, Subjects } from '@app/contracts';
import { RequestMeta, ServiceRequester } from '@app/messaging';

/**
 * The outlets service's line to the supervision service (enterprise registry and licences)
 * over NATS request/reply. A supervision service that is down or slow makes every call a
 * 503 DomainError, so no filing is ever decided on an unknown licence state. Calls time out
 * before the gateway's own timeout, so the caller hears this service's 503 and its reason.
 */
export class SupervisionClient implements OnApplicationShutdown {
  private readonly requester: ServiceRequester;

  constructor(
    private readonly nc: NatsConnection,
    timeoutMs: number,
  ) {
    this.requester = new ServiceRequester(nc, timeoutMs);
  }

  /** The registered enterprise; an unknown id is a 422 naming `field`. */
  async enterprise(enterpriseId: string, field: string, meta: RequestMeta): Promise<EnterpriseResponseDto> {
    return this.requester
      .request(Subjects.supervision.enterprisesGet, { id: enterpriseId }, meta)
      .catch((err: unknown) => {
        throw unknownEnterprise(err, enterpriseId, field);
      });
  }

  /** The licence state of an enterprise on a business date; an unknown id is a 422 naming `field`. */
  async licence(enterpriseId: string, date: string, field: string, meta: RequestMeta): Promise<LicenceCheckResponse> {
    return this.requester
      .request(Subjects.supervision.licencesCheck, { enterpriseId, date }, meta)
      .catch((err: unknown) => {
        throw unknownEnterprise(err, enterpriseId, field);
      });
  }

  /**
   * The branch an outlet filing names: it must be registered under the operator (422 on
   * `branchId` otherwise).
   */
  async branchOf(branchId: string, enterpriseId: string, meta: RequestMeta): Promise<BranchDto> {
    const branch = await this.requester.request(Subjects.supervision.branchesGet, { id: branchId }, meta).catch((err: unknown) => {
      if (err instanceof DomainError && err.status === 404) return null;
      throw err;
    });
    if (!branch || branch.enterpriseId !== enterpriseId) {
      throw DomainError.rule('UNKNOWN_BRANCH', `branch ${branchId} is not registered under the operator ${enterpriseId}`, [
        { field: 'branchId', message: 'not a branch or business office of the operator; see GET /api/v1/enterprises/{id}/branches' },
      ]);
    }
    return branch;
  }

  /** Credit standing and joint-discipline flag of an enterprise (supervision.credit.check). */
  async credit(enterpriseId: string, meta: RequestMeta): Promise<CreditCheckItem> {
    const { items } = await this.requester.request(Subjects.supervision.creditCheck, { enterpriseIds: [enterpriseId] }, meta);
    return items[0];
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

function unknownEnterprise(err: unknown, enterpriseId: string, field: string): unknown {
  if (err instanceof DomainError && err.status === 404) {
    return DomainError.rule('UNKNOWN_ENTERPRISE', `enterprise ${enterpriseId} is not registered`, [
      { field, message: 'no registered express enterprise has this id; see GET /api/v1/enterprises' },
    ]);
  }
  return err;
}
