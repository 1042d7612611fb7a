import type { DataSource, Repository } from 'typeorm';
import type { JwtService } from '@nestjs/jwt';
import { Role } from '@app/contracts';
import type { AuditTrail } from '@app/events';
import { sha256 } from '../auth/passwords.js';
import type { ApiKey } from './api-key.entity.js';
import type { Organisation } from './organisation.entity.js';
import type { User } from './user.entity.js';
import { IdentityService } from './identity.service.js';

const KEY = 'edp_0123abcd_secret';

/** The service over counting fakes of the key and organisation tables, at a clock the test sets. */
function service(stored: Partial<ApiKey> | null) {
  const reads = { keys: 0, orgs: 0, touches: 0 };
  const keys = {
    findOneBy: async (where: { keyHash: string }) => {
      reads.keys++;
      return stored && where.keyHash === sha256(KEY) ? { ...stored } : null;
    },
    update: async () => {
      reads.touches++;
    },
  } as unknown as Repository<ApiKey>;
  const orgs = {
    findOneByOrFail: async () => {
      reads.orgs++;
      return { regionCode: '140821' };
    },
  } as unknown as Repository<Organisation>;
  const identity = new IdentityService(orgs, {} as Repository<User>, keys, {} as JwtService, {} as DataSource, {} as AuditTrail);
  return { identity, reads };
}

describe('API key look-up', () => {
  const realNow = Date.now;
  // starts at the real time: the service stamps the last use with `new Date()`
  let now = realNow();
  beforeEach(() => {
    now = realNow();
    Date.now = () => now;
  });
  afterEach(() => {
    Date.now = realNow;
  });
  const active = { id: 'k1', role: Role.CountyCentre, orgId: 'o1', expiresAt: null, lastUsedAt: null };

  it('reads an active key and its organisation once per 2 s, and its last use at most once a minute', async () => {
    const { identity, reads } = service(active);
    const principal = { sub: 'apikey:k1', role: Role.CountyCentre, orgId: 'o1', regionCode: '140821' };
    expect(await identity.principalForApiKey(KEY)).toEqual(principal);
    now += 1_999;
    expect(await identity.principalForApiKey(KEY)).toEqual(principal);
    expect(reads).toEqual({ keys: 1, orgs: 1, touches: 1 });
    now += 2;
    expect(await identity.principalForApiKey(KEY)).toEqual(principal);
    // read again after 2 s; the stored last use is the fake's (none), so it is written again
    expect(reads).toEqual({ keys: 2, orgs: 2, touches: 2 });
  });

  it('refuses a cached key once its expiry passes, without waiting for the next read', async () => {
    const { identity, reads } = service({ ...active, expiresAt: new Date(now + 500) });
    expect(await identity.principalForApiKey(KEY)).not.toBeNull();
    now += 500;
    expect(await identity.principalForApiKey(KEY)).toBeNull();
    expect(reads.keys).toBe(1);
  });

  it('looks up an unknown or revoked key on every request (nothing of it is kept)', async () => {
    const { identity, reads } = service(null);
    expect(await identity.principalForApiKey(KEY)).toBeNull();
    expect(await identity.principalForApiKey(KEY)).toBeNull();
    expect(reads).toEqual({ keys: 2, orgs: 0, touches: 0 });
  });
});
