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
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from './lifetime.mjs';

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

const random = () => crypto.randomBytes(32).toString('base64url');
const codeVerifier = options.noPkce ? undefined : random();
const state = options.state ?? random();
const nonce = options.nonce ?? random();

// name -> { value, path }; enough for one host.
const jar = new Map();
function storeCookies(setCookie) {
  for (const line of setCookie ?? []) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let cookiePath = '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key, attributeValue = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') cookiePath = attributeValue || '/';
      if (key.toLowerCase() === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
      if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
    }
    if (expired) jar.delete(name); else jar.set(name, { value, path: cookiePath });
  }
}
function cookieHeader(pathname) {
  const pairs = [];
  for (const [name, { value, path: cookiePath }] of jar) {
    if (pathname === cookiePath || pathname.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`)) pairs.push(`${name}=${value}`);
  }
  return pairs.join('; ');
}

function request(url, { method = 'GET', form, headers = {} } = {}) {
  const target = new URL(url);
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const allHeaders = { Accept: 'text/html, application/json', ...headers };
  const cookies = cookieHeader(target.pathname);
  if (cookies) allHeaders.Cookie = cookies;
  if (body !== undefined) {
    allHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
    allHeaders['Content-Length'] = Buffer.byteLength(body);
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method, headers: allHeaders, ca, timeout: 15000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        storeCookies(res.headers['set-cookie']);
        resolve({ status: res.statusCode, location: res.headers.location, body: text });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${target.pathname}`)));
    req.on('error', reject);
    req.end(body);
  });
}

const unescapeHtml = (text) => text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/&#39;/g, "'").replace(/&quot;/g, '"');

function isRedirectTarget(location) {
  const target = new URL(location);
  const expected = new URL(redirectUri);
  return target.origin === expected.origin && target.pathname === expected.pathname;
}

try {
  const issuer = options.issuer.replace(/\/+$/, '');
  const discovery = await request(`${issuer}/.well-known/openid-configuration`);
  if (discovery.status !== 200) fail(`discovery answered ${discovery.status}`);
  const metadata = JSON.parse(discovery.body);

  const authorize = new URL(metadata.authorization_endpoint);
  const params = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
    scope: options.scope ?? 'openid mcp:tools', state, nonce };
  if (codeVerifier) {
    params.code_challenge = crypto.createHash('sha256').update(codeVerifier).digest('base64url');
    params.code_challenge_method = 'S256';
  }
  if (options.resource) params.resource = options.resource;
  if (options.prompt) params.prompt = options.prompt;
  for (const [key, value] of Object.entries(params)) authorize.searchParams.set(key, value);

  let response = await request(authorize.href);
  let current = authorize.href;
  let result = null;
  for (let step = 0; step < 20 && !result; step++) {
    if (response.status >= 300 && response.status < 400 && response.location) {
      const next = new URL(response.location, current).href;
      if (isRedirectTarget(next)) {
        const query = new URL(next).searchParams;
        result = query.has('code')
          ? { code: query.get('code'), codeVerifier, state: query.get('state'), nonce, redirectUri, iss: query.get('iss') }
          : { error: query.get('error'), errorDescription: query.get('error_description'), state: query.get('state'), redirectUri, iss: query.get('iss') };
        break;
      }
      current = next;
      response = await request(next);
      continue;
    }
    const form = response.status === 200 && /<form[^>]*action="([^"]+)"/.exec(response.body);
    const prompt = form && /name="prompt" value="([a-z]+)"/.exec(response.body);
    if (!form || !prompt) fail(`unexpected answer ${response.status} at ${new URL(current).pathname}`);
    const action = new URL(unescapeHtml(form[1]), current).href;
    const fields = prompt[1] === 'login'
      ? { prompt: 'login', login: options.login ?? 'alice', password: 'any-password' }
      : { prompt: prompt[1] };
    current = action;
    response = await request(action, { method: 'POST', form: fields });
  }
  if (!result) fail('the flow did not reach the redirect URI within 20 steps');

  if (options.exchange && result.code) {
    const form = { grant_type: 'authorization_code', code: result.code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    if (options.resource) form.resource = options.resource;
    const headers = {};
    if (options.clientSecret) {
      headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;
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
