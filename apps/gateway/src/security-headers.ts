import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's headers, computed once: its default policy sets the same headers on every
 * response, so they are taken from one run of helmet at start and then set on each
 * response without running its thirteen middlewares again.
 */
export function securityHeaders(): (res: ServerResponse) => void {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  const probe = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet()({} as IncomingMessage, probe as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return (res) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
  };
}
