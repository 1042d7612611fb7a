import request from 'supertest';
import type { TestPlatform } from './platform.js';

/** supertest against the running gateway, signed in as the given bearer token or API key. */
export function api(platform: TestPlatform) {
  const agent = request(platform.url);
  return {
    raw: agent,
    as(auth: { token?: string; apiKey?: string }) {
      const headers: Record<string, string> = {};
      if (auth.token) headers.authorization = `Bearer ${auth.token}`;
      if (auth.apiKey) headers['x-api-key'] = auth.apiKey;
      return {
        get: (path: string) => agent.get(`/api/v1${path}`).set(headers),
        post: (path: string) => agent.post(`/api/v1${path}`).set(headers),
        put: (path: string) => agent.put(`/api/v1${path}`).set(headers),
        patch: (path: string) => agent.patch(`/api/v1${path}`).set(headers),
        delete: (path: string) => agent.delete(`/api/v1${path}`).set(headers),
      };
    },
  };
}
