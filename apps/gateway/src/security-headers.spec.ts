import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { securityHeaders } from './security-headers.js';

function responseAfter(middleware: (req: Request, res: Response, next: NextFunction) => void): ServerResponse {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'Express');
  let nextCalled = false;
  middleware(req as Request, res as Response, () => (nextCalled = true));
  expect(nextCalled).toBe(true);
  return res;
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what it removes', () => {
    const once = responseAfter(securityHeaders());
    const helmets = responseAfter(helmet());
    expect(once.getHeaders()).toEqual(helmets.getHeaders());
    expect(once.getHeader('content-security-policy')).toContain("script-src 'self'");
    expect(once.getHeader('x-powered-by')).toBeUndefined();
    expect(Object.keys(once.getHeaders()).length).toBeGreaterThan(10);
  });
});
