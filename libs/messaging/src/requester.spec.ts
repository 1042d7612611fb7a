import { NatsConnection, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { DomainError, Role, Subjects } from '@app/contracts';
import { JsonText, type RequestMeta, ServiceRequester } from './requester.js';

const meta: RequestMeta = { principal: { sub: 'u1', role: Role.Staff, orgId: null, regionCode: '1401' }, correlationId: 'corr-1', idempotencyKey: 'key-1' };
const SUBJECT = Subjects.supervision.enterprisesGet;

/** A NATS connection whose request answers as `answer` says, keeping what was sent. */
function connection(answer: (subject: string, packet: string) => unknown) {
  const sent: Array<{ subject: string; packet: string; timeout: number }> = [];
  const nc = {
    request: async (subject: string, packet: string, opts: { timeout: number }) => {
      sent.push({ subject, packet, timeout: opts.timeout });
      const reply = answer(subject, packet);
      return { json: () => reply };
    },
  } as unknown as NatsConnection;
  return { nc, sent };
}

function failing(err: Error) {
  return { request: async () => Promise.reject(err) } as unknown as NatsConnection;
}

async function thrown(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected the request to fail');
}

describe('ServiceRequester', () => {
  it('sends the Nest packet with the envelope and returns the response', async () => {
    const { nc, sent } = connection(() => ({ id: 'x', response: { id: 'e1', name: 'A' }, isDisposed: true }));
    const outcomes: string[] = [];
    const requester = new ServiceRequester(nc, 1234, (_s, _t, outcome) => outcomes.push(outcome));
    await expect(requester.request(SUBJECT, { id: 'e1' }, meta)).resolves.toEqual({ id: 'e1', name: 'A' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: SUBJECT, timeout: 1234 });
    expect(JSON.parse(sent[0].packet)).toMatchObject({
      pattern: SUBJECT,
      data: { principal: meta.principal, correlationId: 'corr-1', idempotencyKey: 'key-1', data: { id: 'e1' } },
    });
    expect(outcomes).toEqual(['ok']);
  });

  it('sends pre-encoded JSON text as the data, unchanged', async () => {
    const { nc, sent } = connection(() => ({ id: 'x', response: null }));
    await new ServiceRequester(nc, 1000).request(SUBJECT, new JsonText('{"id":"e2","n":[1,2]}'), { principal: null, correlationId: 'c' });
    expect(JSON.parse(sent[0].packet)).toMatchObject({ pattern: SUBJECT, data: { principal: null, correlationId: 'c', data: { id: 'e2', n: [1, 2] } } });
  });

  it("turns a service's problem into the DomainError it threw, status, code and field errors kept", async () => {
    const problem = {
      status: 422,
      code: 'LICENCE_DATES',
      title: 'Unprocessable Content',
      detail: 'expiry before issue',
      errors: [{ field: 'expiresOn', message: 'before issuedOn' }],
    };
    const { nc } = connection(() => ({ id: 'x', err: problem }));
    const outcomes: string[] = [];
    const err = await thrown(new ServiceRequester(nc, 1000, (_s, _t, o) => outcomes.push(o)).request(SUBJECT, { id: 'e1' }, meta));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ status: 422, code: 'LICENCE_DATES', message: 'expiry before issue', errors: problem.errors });
    expect(outcomes).toEqual(['error']);
  });

  it('turns an error that is not a problem into a 500 REMOTE_ERROR naming the subject', async () => {
    const { nc } = connection(() => ({ id: 'x', err: 'boom' }));
    const err = await thrown(new ServiceRequester(nc, 1000).request(SUBJECT, { id: 'e1' }, meta));
    expect(err).toMatchObject({ status: 500, code: 'REMOTE_ERROR', message: `${SUBJECT} failed` });
  });

  it('turns no responder, a timeout or a lost connection into a 503 that says which', async () => {
    const outcomes: string[] = [];
    const observe = (_s: string, _t: number, o: string) => outcomes.push(o);
    const noResponders = await thrown(new ServiceRequester(failing(new NoRespondersError(SUBJECT)), 1000, observe).request(SUBJECT, { id: 'e' }, meta));
    expect(noResponders).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', message: 'the supervision service is not running; try again shortly' });
    const wrapped = await thrown(
      new ServiceRequester(failing(new RequestError('no responders', { cause: new NoRespondersError(SUBJECT) })), 1000).request(SUBJECT, { id: 'e' }, meta),
    );
    expect(wrapped.message).toContain('is not running');
    const timedOut = await thrown(new ServiceRequester(failing(new TimeoutError()), 1000, observe).request(SUBJECT, { id: 'e' }, meta));
    expect(timedOut).toMatchObject({ status: 503, message: 'the supervision service did not answer in time; try again shortly' });
    const lost = await thrown(new ServiceRequester(failing(new Error('connection closed')), 1000).request(SUBJECT, { id: 'e' }, meta));
    expect(lost).toMatchObject({ status: 503, message: 'the supervision service could not be reached; try again shortly' });
    expect(outcomes).toEqual(['unavailable', 'unavailable']);
  });
});
