import { MessageHandler, ServerNats } from '@nestjs/microservices';
import { Subjects } from '@app/contracts';
import { SubjectServerNats } from './bootstrap.js';

const options = { servers: ['nats://127.0.0.1:1'] };

/** A server (made by `make`) with a handler for a plain subject and one for an object pattern. */
function withHandlers(make: () => ServerNats) {
  const server = make();
  const bySubject = (async () => 'subject') as unknown as MessageHandler;
  const byObject = (async () => 'object') as unknown as MessageHandler;
  server.addHandler(Subjects.supervision.enterprisesList, bySubject);
  server.addHandler({ cmd: 'sum', v: 2 }, byObject);
  return { server, bySubject, byObject };
}

describe('SubjectServerNats', () => {
  it('finds a handler by its plain subject, and by a JSON pattern as Nest does', () => {
    const ours = withHandlers(() => new SubjectServerNats(options));
    const nest = withHandlers(() => new ServerNats(options));
    expect(ours.server.getHandlerByPattern(Subjects.supervision.enterprisesList)).toBe(ours.bySubject);
    // the object pattern as its JSON, with the keys in any order
    expect(ours.server.getHandlerByPattern('{"v":2,"cmd":"sum"}')).toBe(ours.byObject);
    for (const pattern of [Subjects.supervision.enterprisesList, '{"v":2,"cmd":"sum"}', 'supervision.nothing', '"quoted"', '[1]']) {
      expect({ pattern, found: ours.server.getHandlerByPattern(pattern) === null }).toEqual({
        pattern,
        found: nest.server.getHandlerByPattern(pattern) === null,
      });
    }
  });
});
