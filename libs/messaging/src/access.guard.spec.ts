import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { NatsContext } from '@nestjs/microservices';
import { ACCESS, DomainError, type Envelope, type Principal, Role, Subjects } from '@app/contracts';
import { AccessGuard } from './access.guard.js';

const who = (role: Role, regionCode = '1401', orgId: string | null = 'org-1'): Principal => ({ sub: 'u', role, orgId, regionCode });

/** A message as Nest hands it to a guard: the envelope and the NATS context of its subject. */
function message(subject: string, principal: Principal | null) {
  const envelope: Envelope = { principal, correlationId: 'c', data: {} };
  const context = new ExecutionContextHost([envelope, new NatsContext([subject, undefined])]);
  context.setType('rpc');
  return context;
}

function refusal(subject: string, principal: Principal | null): DomainError | null {
  try {
    new AccessGuard().canActivate(message(subject, principal));
    return null;
  } catch (err) {
    return err as DomainError;
  }
}

describe('AccessGuard (every service, before its handlers)', () => {
  it('refuses a subject that has no entry in the access table, whoever asks', () => {
    expect(refusal('outlets.outlets.delete-everything', who(Role.Admin, '14', null))).toMatchObject({ status: 403, code: 'ACCESS_UNDECLARED' });
    expect(refusal('supervision.health.pingx', null)).toMatchObject({ status: 403, code: 'ACCESS_UNDECLARED' });
  });

  it('refuses a role the entry does not list, and lets a listed one through', () => {
    expect(refusal(Subjects.supervision.licenceRevoke, who(Role.Auditor))).toMatchObject({ status: 403 });
    expect(refusal(Subjects.supervision.licenceRevoke, who(Role.Courier))).toMatchObject({ status: 403 });
    expect(refusal(Subjects.supervision.licenceRevoke, who(Role.Staff))).toBeNull();
    expect(refusal(Subjects.subsidies.claimsCreate, who(Role.Staff))).toMatchObject({ status: 403 });
    expect(refusal(Subjects.subsidies.claimsCreate, who(Role.CountyCentre, '140121'))).toBeNull();
  });

  it('refuses a message without a principal unless the subject is public, system or open to system calls', () => {
    expect(refusal(Subjects.subsidies.claimsList, null)).toMatchObject({ status: 403 });
    expect(refusal(Subjects.coldChain.facilitiesList, null)).toMatchObject({ status: 403 });
    expect(refusal(Subjects.supervision.inspectionsPublicList, null)).toBeNull();
    expect(refusal(Subjects.supervision.licencesCheck, null)).toBeNull();
    expect(refusal(Subjects.supervision.brandsList, null)).toBeNull();
    expect(refusal(`${Subjects.outlets.health}.some-pod_1`, null)).toBeNull();
  });

  it('keeps province-level subjects to province-level callers', () => {
    expect(refusal(Subjects.supervision.targetsCreate, who(Role.Admin, '14', null))).toBeNull();
    expect(refusal(Subjects.supervision.targetsCreate, who(Role.Staff, '14'))).toMatchObject({ status: 403 });
  });

  it('lets HTTP and other non-message contexts pass (the gateway has its own guard)', () => {
    const http = new ExecutionContextHost([{}, {}]);
    expect(new AccessGuard().canActivate(http)).toBe(true);
  });
});

describe('the access table', () => {
  const subjects = Object.values(Subjects).flatMap((service) => Object.values(service) as string[]);

  it('has an entry for every request subject and none for a subject that does not exist', () => {
    expect(subjects.filter((s) => !Object.hasOwn(ACCESS, s))).toEqual([]);
    expect(Object.keys(ACCESS).filter((s) => !subjects.includes(s))).toEqual([]);
  });

  it('names roles for every subject a user calls, and none for public and system ones', () => {
    for (const [subject, access] of Object.entries(ACCESS)) {
      const open = access.scope === 'public' || access.scope === 'system';
      expect([subject, open ? access.roles.length === 0 : access.roles.length > 0]).toEqual([subject, true]);
    }
  });
});
