#!/usr/bin/env node
// Gets an access token from the official MCP TypeScript SDK example's own authorization server
// (start-sdk-example.mjs, --oauth or --oauth-strict) without a browser, through its own endpoints:
// metadata → dynamic registration (public client, token_endpoint_auth_method none) → /authorize with
// PKCE S256 (the demo needs no login: it 302s straight back) → /token. Prints ONE JSON line:
//   {"clientId":"…","tokenStatus":200,"tokenResponse":{"access_token":"…","token_type":"bearer","expires_in":3600,"scope":"mcp:tools"}}
// (tokenResponse is whatever the token endpoint answered, also on an error). Nothing else on stdout.
//
// Usage: node tests/peers/sdk-example-token.mjs --auth-server URL [--resource URL] [--scope S] [--redirect-uri URL]
//   --auth-server  the example's AuthorizationServerUrl (http://localhost:<port>/)
//   --resource     the McpUrl the token is for, sent at /authorize and /token (needed with --oauth-strict)
//   --scope        default mcp:tools
//   --redirect-uri default http://127.0.0.1:9999/callback (registered, never contacted)
// Exit codes: 0 the token endpoint answered (see tokenStatus), 1 the flow failed before it, 2 bad arguments.
import { parseArgs } from './lifetime.mjs';
import { createSession, pkcePair, randomValue } from './http-session.mjs';

function fail(message, code = 1) {
  process.stderr.write(`sdk-example-token: ${message}\n`);
  process.exit(code);
}

const { options, error } = parseArgs(process.argv.slice(2), {
  '--auth-server': 'string', '--resource': 'string', '--scope': 'string', '--redirect-uri': 'string',
});
if (error) fail(error, 2);
if (!options.authServer || !URL.canParse(options.authServer)) fail('--auth-server URL is required', 2);
if (options.resource && !URL.canParse(options.resource)) fail('--resource must be an absolute URL', 2);
const redirectUri = options.redirectUri ?? 'http://127.0.0.1:9999/callback';
if (!URL.canParse(redirectUri)) fail('--redirect-uri must be an absolute URL', 2);
const scope = options.scope ?? 'mcp:tools';
const { request, authorize } = createSession();

try {
  const metadataUrl = new URL('/.well-known/oauth-authorization-server', options.authServer).href;
  const discovery = await request(metadataUrl, { headers: { Accept: 'application/json' } });
  if (discovery.status !== 200) fail(`${metadataUrl} answered ${discovery.status}`);
  const metadata = JSON.parse(discovery.body);

  const registration = await request(metadata.registration_endpoint, {
    method: 'POST',
    json: { redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'],
      response_types: ['code'], client_name: 'ScalekitReadiness tests', scope },
    headers: { Accept: 'application/json' },
  });
  if (registration.status !== 201) fail(`registration answered ${registration.status}: ${registration.body.slice(0, 200)}`);
  const clientId = JSON.parse(registration.body).client_id;

  const pkce = pkcePair();
  const state = randomValue();
  const authorizeUrl = new URL(metadata.authorization_endpoint);
  const params = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: pkce.challenge,
    code_challenge_method: 'S256', state, scope };
  if (options.resource) params.resource = options.resource;
  for (const [key, value] of Object.entries(params)) authorizeUrl.searchParams.set(key, value);
  const query = await authorize(authorizeUrl.href, redirectUri);
  if (!query.has('code')) fail(`the authorization server answered error=${query.get('error')}: ${query.get('error_description')}`);
  if (query.get('state') !== state) fail('the authorization response has another state');

  const form = { grant_type: 'authorization_code', code: query.get('code'), client_id: clientId, code_verifier: pkce.verifier,
    redirect_uri: redirectUri };
  if (options.resource) form.resource = options.resource;
  const token = await request(metadata.token_endpoint, { method: 'POST', form, headers: { Accept: 'application/json' } });
  let tokenResponse;
  try { tokenResponse = JSON.parse(token.body); } catch { fail(`the token endpoint answered ${token.status} without JSON`); }
  process.stdout.write(JSON.stringify({ clientId, tokenStatus: token.status, tokenResponse }) + '\n');
} catch (e) {
  fail(e.message);
}
