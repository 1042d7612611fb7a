import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers, computed once: its default policy sets the same headers on every
 * response, so they are taken from one run of helmet at start and then set per request
 * without running its thirteen middlewares again.
 */
export function securityHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  const probe = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet()({} as Request, probe as unknown as Response, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
