import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { securityHeaders } from './security-headers.js';

function freshResponse(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'Express');
  return { req, res };
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what it removes', () => {
    const once = freshResponse().res;
    securityHeaders()(once);
    const helmets = freshResponse();
    let nextCalled = false;
    helmet()(helmets.req, helmets.res, () => (nextCalled = true));
    expect(nextCalled).toBe(true);
    expect(once.getHeaders()).toEqual(helmets.res.getHeaders());
    expect(once.getHeader('content-security-policy')).toContain("script-src 'self'");
    expect(once.getHeader('x-powered-by')).toBeUndefined();
    expect(Object.keys(once.getHeaders()).length).toBeGreaterThan(10);
  });
});
