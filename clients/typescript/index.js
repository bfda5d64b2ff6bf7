// The jiuzhu API client: openapi-fetch over the types in schema.d.ts (generated: npm run openapi).
import createClient from 'openapi-fetch';

/**
 * A client for one jiuzhu deployment. `token` is a bearer token, or a function returning the current
 * one (called for every request, so a refreshed token is used at once).
 */
export function createJiuzhuClient({ baseUrl, token, fetch }) {
  const client = createClient({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (token) {
    client.use({
      onRequest({ request }) {
        const value = typeof token === 'function' ? token() : token;
        if (value) request.headers.set('Authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}
