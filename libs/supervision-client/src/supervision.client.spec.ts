import { DomainError, type EnterpriseResponseDto, Role, Subjects } from '@app/contracts';
import type { RequestMeta, ServiceRequester } from '@app/messaging';
import { SupervisionClient, supervisionTimeoutMs } from './supervision.client.js';

const meta: RequestMeta = { principal: { sub: 'u1', role: Role.Courier, orgId: 'o1', regionCode: '1401' }, correlationId: 'corr-1' };

interface Sent {
  subject: string;
  data: unknown;
  meta: RequestMeta;
}

/** A requester that answers each call with the next of `answers` (an Error is thrown), keeping what was asked. */
function requester(...answers: unknown[]) {
  const sent: Sent[] = [];
  const fake = {
    request: async (subject: string, data: unknown, m: RequestMeta) => {
      sent.push({ subject, data, meta: m });
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as ServiceRequester;
  return { client: new SupervisionClient(fake), sent };
}

const unavailable = () => new DomainError(503, 'SERVICE_UNAVAILABLE', 'the supervision service is not running; try again shortly');
const enterprise = (id: string) => ({ id, name: `E ${id}` }) as unknown as EnterpriseResponseDto;

describe('supervisionTimeoutMs', () => {
  it('waits 60 % of the request timeout, and never under 100 ms', () => {
    expect(supervisionTimeoutMs(5000)).toBe(3000);
    expect(supervisionTimeoutMs(1001)).toBe(600);
    expect(supervisionTimeoutMs(100)).toBe(100);
  });
});

describe('SupervisionClient', () => {
  it('answers null for an id supervision does not know, and passes every other failure on', async () => {
    const { client, sent } = requester(DomainError.notFound('enterprise x'), DomainError.notFound('branch b'), unavailable());
    await expect(client.enterprise('x', meta)).resolves.toBeNull();
    await expect(client.branch('b', meta)).resolves.toBeNull();
    await expect(client.licence('e1', '2026-11-29', meta)).rejects.toMatchObject({ status: 503 });
    expect(sent.map((s) => s.subject)).toEqual([Subjects.supervision.enterprisesGet, Subjects.supervision.branchesGet, Subjects.supervision.licencesCheck]);
    expect(sent[2]).toMatchObject({ data: { enterpriseId: 'e1', date: '2026-11-29' }, meta });
  });

  it('asks for the operator with the licence, and refuses an answer without one', async () => {
    const check = { valid: true, status: 'valid', licenceNumber: 'L1', territory: ['14'] };
    const operator = { name: 'A', uscc: 'U', credit: { jointDiscipline: false, score: 90, reasons: [] } };
    const { client, sent } = requester({ ...check, operator }, check, DomainError.notFound('enterprise'));
    await expect(client.operatorLicence('e1', '2026-11-29', meta)).resolves.toEqual({ ...check, operator });
    expect(sent[0].data).toEqual({ enterpriseId: 'e1', date: '2026-11-29', withOperator: true });
    await expect(client.operatorLicence('e1', '2026-11-29', meta)).rejects.toMatchObject({ status: 500, code: 'REMOTE_ERROR' });
    await expect(client.operatorLicence('e2', '2026-11-29', meta)).resolves.toBeNull();
  });

  it('finds an enterprise by credit code, null when none', async () => {
    const { client, sent } = requester({ items: [enterprise('e1')], nextCursor: null }, { items: [], nextCursor: null });
    await expect(client.enterpriseByUscc('91140000MA0000000X', meta)).resolves.toMatchObject({ id: 'e1' });
    await expect(client.enterpriseByUscc('91140000MA0000001X', meta)).resolves.toBeNull();
    expect(sent[0]).toMatchObject({ subject: Subjects.supervision.enterprisesList, data: { uscc: '91140000MA0000000X', limit: 1 } });
  });

  it('pages through the whole registry, passing each cursor on', async () => {
    const { client, sent } = requester({ items: [enterprise('e1'), enterprise('e2')], nextCursor: 'c1' }, { items: [enterprise('e3')], nextCursor: null });
    expect((await client.enterprises(meta)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(sent.map((s) => s.data)).toEqual([{ limit: 200 }, { limit: 200, cursor: 'c1' }]);
  });

  describe('brand codes', () => {
    const realNow = Date.now;
    let now = 1_000_000;
    beforeEach(() => {
      Date.now = () => now;
    });
    afterEach(() => {
      Date.now = realNow;
    });

    it('fails with 503 while no table has been read', async () => {
      const { client } = requester(unavailable());
      await expect(client.brandCodes(meta)).rejects.toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/brand code table/),
      });
    });

    it('asks as the service itself, keeps the table a minute, then keeps the last one while supervision is down', async () => {
      const { client, sent } = requester({ items: [{ code: 'SF' }, { code: 'ZTO' }] }, unavailable(), { items: [{ code: 'YTO' }] });
      expect([...(await client.brandCodes(meta))]).toEqual(['SF', 'ZTO']);
      expect(sent[0].meta).toEqual({ principal: null, correlationId: 'corr-1' });
      now += 59_999;
      expect([...(await client.brandCodes(meta))]).toEqual(['SF', 'ZTO']);
      expect(sent).toHaveLength(1);
      now += 1;
      expect([...(await client.brandCodes(meta))]).toEqual(['SF', 'ZTO']);
      expect(sent).toHaveLength(2);
      expect([...(await client.brandCodes(meta))]).toEqual(['YTO']);
      expect(sent).toHaveLength(3);
    });
  });
});
