#!/usr/bin/env node
// Drives oidc-provider's devInteractions (start-oidc-provider.mjs) without a browser: discovery →
// /auth → login form POST → resume → consent form POST → resume → redirect_uri?code=…, with a
// cookie jar that honours cookie paths. Prints ONE JSON line on stdout:
//   {"code":"…","codeVerifier":"…","state":"…","nonce":"…","redirectUri":"…","iss":"…"}
// or, when the authorization server redirects back with an error,
//   {"error":"invalid_request","errorDescription":"…","state":"…","redirectUri":"…","iss":"…"}
// With --exchange it also redeems the code at the token endpoint and adds "tokenResponse" (the
// parsed JSON answer) and "tokenStatus". It prints nothing else: no cookie, no client secret.
//
// Usage: node tests/peers/oidc-dev-login.mjs --issuer URL [--client-id ID] [--client-secret S]
//          [--redirect-uri URL] [--scope S] [--resource URL] [--prompt consent] [--login NAME]
//          [--no-pkce] [--state S] [--nonce N] [--ca PEM] [--exchange]
//   --client-id        default public-client; --client-secret makes the exchange use client_secret_basic
//   --redirect-uri     default http://127.0.0.1:9999/callback (never contacted: the driver stops at it)
//   --scope            default "openid mcp:tools"
//   --no-pkce          send no code_challenge (the answer then has no codeVerifier)
//   --ca PEM           trust this CA (the test deployment's) for an https issuer
// Exit codes: 0 the flow reached the redirect URI (code or error), 1 it did not, 2 bad arguments.
import fs from 'node:fs';
import { parseArgs } from './lifetime.mjs';
import { basicAuthorization, createSession, pkcePair, randomValue } from './http-session.mjs';

function fail(message, code = 1) {
  process.stderr.write(`oidc-dev-login: ${message}\n`);
  process.exit(code);
}

const { options, error } = parseArgs(process.argv.slice(2), {
  '--issuer': 'string', '--client-id': 'string', '--client-secret': 'string', '--redirect-uri': 'string',
  '--scope': 'string', '--resource': 'string', '--prompt': 'string', '--login': 'string', '--no-pkce': 'flag',
  '--state': 'string', '--nonce': 'string', '--ca': 'string', '--exchange': 'flag',
});
if (error) fail(error, 2);
if (!options.issuer || !URL.canParse(options.issuer)) fail('--issuer URL is required', 2);
const clientId = options.clientId ?? 'public-client';
const redirectUri = options.redirectUri ?? 'http://127.0.0.1:9999/callback';
if (!URL.canParse(redirectUri)) fail('--redirect-uri must be an absolute URL', 2);
let ca;
if (options.ca) {
  try { ca = fs.readFileSync(options.ca); } catch (e) { fail(`cannot read --ca: ${e.message}`, 2); }
}

const pkce = options.noPkce ? undefined : pkcePair();
const codeVerifier = pkce?.verifier;
const state = options.state ?? randomValue();
const nonce = options.nonce ?? randomValue();
const { request, authorize } = createSession({ ca });

const unescapeHtml = (text) => text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#39;/g, "'").replace(/&quot;/g, '"');

// A devInteractions page: the login form (any login and password) or the consent form.
function submitForm(response, url) {
  const form = response.status === 200 && /<form[^>]*action="([^"]+)"/.exec(response.body);
  const prompt = form && /name="prompt" value="([a-z]+)"/.exec(response.body);
  if (!form || !prompt) throw new Error(`unexpected answer ${response.status} at ${new URL(url).pathname}`);
  const fields = prompt[1] === 'login'
    ? { prompt: 'login', login: options.login ?? 'alice', password: 'any-password' }
    : { prompt: prompt[1] };
  return { url: new URL(unescapeHtml(form[1]), url).href, method: 'POST', form: fields };
}

try {
  const issuer = options.issuer.replace(/\/+$/, '');
  const discovery = await request(`${issuer}/.well-known/openid-configuration`);
  if (discovery.status !== 200) fail(`discovery answered ${discovery.status}`);
  const metadata = JSON.parse(discovery.body);

  const authorizeUrl = new URL(metadata.authorization_endpoint);
  const params = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
    scope: options.scope ?? 'openid mcp:tools', state, nonce };
  if (pkce) {
    params.code_challenge = pkce.challenge;
    params.code_challenge_method = 'S256';
  }
  if (options.resource) params.resource = options.resource;
  if (options.prompt) params.prompt = options.prompt;
  for (const [key, value] of Object.entries(params)) authorizeUrl.searchParams.set(key, value);

  const query = await authorize(authorizeUrl.href, redirectUri, submitForm);
  const result = query.has('code')
    ? { code: query.get('code'), codeVerifier, state: query.get('state'), nonce, redirectUri, iss: query.get('iss') }
    : { error: query.get('error'), errorDescription: query.get('error_description'), state: query.get('state'), redirectUri, iss: query.get('iss') };

  if (options.exchange && result.code) {
    const form = { grant_type: 'authorization_code', code: result.code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    if (options.resource) form.resource = options.resource;
    const headers = {};
    if (options.clientSecret) {
      headers.Authorization = basicAuthorization(clientId, options.clientSecret);
    } else {
      form.client_id = clientId;
    }
    const token = await request(metadata.token_endpoint, { method: 'POST', form, headers: { ...headers, Accept: 'application/json' } });
    result.tokenStatus = token.status;
    try { result.tokenResponse = JSON.parse(token.body); } catch { fail(`the token endpoint answered ${token.status} without JSON`); }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (e) {
  fail(e.message);
}
