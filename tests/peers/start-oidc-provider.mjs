#!/usr/bin/env node
// Starts oidc-provider (panva, OpenID certified) as a stand-in for a Scalekit environment, on
// loopback only, and prints ONE JSON line on stdout once it answers:
//   {"Issuer":"https://localhost:<p>/resources/res_test","Port":<p>,"Pid":<pid>,"Https":true,
//    "DiscoveryUrl":"…/.well-known/openid-configuration","AuthorizationServerMetadataUrl":"…",
//    "Resource":"<default resource or null>","WebClientId":"web-client","WebClientSecret":"web-secret",
//    "PublicClientId":"public-client","M2mClientId":"m2m-client","M2mClientSecret":"m2m-secret",
//    "LimitedClientId":"m2m-limited","LimitedClientSecret":"m2m-limited-secret"}
// Nothing else is ever written to stdout; oidc-provider's warnings go to stderr (or --log FILE).
//
// Usage: node tests/peers/start-oidc-provider.mjs [--port N] [--issuer-path /resources/res_x]
//          [--resource URL]... [--scopes "mcp:tools mcp:admin"] [--default-scope S]
//          [--redirect-uri URL]... [--post-logout-redirect-uri URL]...
//          [--tls-cert PEM --tls-key PEM] [--parent-pid PID] [--ignore-stdin] [--log FILE]
//   --port N            127.0.0.1 port (default 0: any free port; also bound on ::1 when it exists)
//   --issuer-path P     issuer = <scheme>://localhost:<port>P (Scalekit shape: /resources/res_…);
//                       discovery is then served at P/.well-known/openid-configuration,
//                       P/.well-known/oauth-authorization-server and (RFC 8414 insertion)
//                       /.well-known/oauth-authorization-server P; everything else outside P is 404
//   --resource URL      a resource (audience) tokens may be issued for; the first is the default for
//                       requests without `resource`. Any http(s) URL on localhost / 127.x / [::1] is
//                       accepted as a resource indicator too; other hosts get invalid_target.
//   --scopes S          the resource servers' scopes (default "mcp:tools mcp:admin")
//   --default-scope S   added to an authorization request that has no scope (gotcha 4)
//   --redirect-uri U    redirect URIs of web-client and public-client (default
//                       http://127.0.0.1:9999/callback and http://localhost:9999/callback)
//   --post-logout-redirect-uri U   their post-logout redirect URIs (default none)
//   --tls-cert/--tls-key  PEM files: serve HTTPS (without them: plain HTTP)
// Clients: web-client / web-secret (client_secret_basic; authorization_code, refresh_token,
// client_credentials), public-client (none, PKCE required), m2m-client / m2m-secret
// (client_credentials only; every resource scope) and m2m-limited / m2m-limited-secret (client_credentials only;
// only the first resource scope, e.g. mcp:tools). As Scalekit does, a client_credentials request of an m2m client
// without `scope` is granted the client's scopes (oidc-provider alone would grant none). Features: devInteractions (any login/password, then consent),
// clientCredentials, introspection, revocation, open registration (POST /reg), resourceIndicators
// (access tokens are RS256 `at+jwt` for the resource: 600 s, 300 s for client_credentials),
// refresh-token rotation. RSA signing key generated at start (kid k1).
// Stops on SIGTERM / SIGINT / SIGHUP, stdin end-of-file (pipes only; --ignore-stdin turns it off),
// when --parent-pid is gone, and when its own parent is gone. Exit codes: 0 stopped, 1 failed, 2 bad arguments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs, redirectStderr, watchLifetime } from './lifetime.mjs';

function fail(message, code = 1) {
  process.stderr.write(`start-oidc-provider: ${message}\n`);
  process.exit(code);
}

const { options, error } = parseArgs(process.argv.slice(2), {
  '--port': 'int', '--issuer-path': 'string', '--resource': 'list', '--scopes': 'string',
  '--default-scope': 'string', '--redirect-uri': 'list', '--post-logout-redirect-uri': 'list',
  '--tls-cert': 'string', '--tls-key': 'string', '--parent-pid': 'int', '--ignore-stdin': 'flag', '--log': 'string',
});
if (error) fail(error, 2);
if (options.port > 65535) fail('--port must be 0..65535', 2);
const issuerPath = (options.issuerPath ?? '').replace(/\/+$/, '');
if (issuerPath && !/^(\/[A-Za-z0-9._~-]+)+$/.test(issuerPath)) fail(`--issuer-path must look like /resources/res_123, got '${options.issuerPath}'`, 2);
if (!!options.tlsCert !== !!options.tlsKey) fail('--tls-cert and --tls-key go together', 2);
for (const url of [...options.resource, ...options.redirectUri, ...options.postLogoutRedirectUri]) {
  if (!URL.canParse(url)) fail(`'${url}' is not an absolute URL`, 2);
}
const resourceScopes = (options.scopes ?? 'mcp:tools mcp:admin').split(' ').filter(Boolean);
const redirectUris = options.redirectUri.length ? options.redirectUri
  : ['http://127.0.0.1:9999/callback', 'http://localhost:9999/callback'];

let tls = null;
if (options.tlsCert) {
  try { tls = { cert: fs.readFileSync(options.tlsCert), key: fs.readFileSync(options.tlsKey) }; } catch (e) { fail(`cannot read the TLS files: ${e.message}`, 2); }
}
if (options.log) {
  try { redirectStderr(options.log); } catch (e) { fail(`cannot open --log file: ${e.message}`, 2); }
}

const servers = [];
let stopping = false;
function stop(reason, code = 0) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`start-oidc-provider: ${reason}\n`);
  for (const server of servers) { server.closeAllConnections?.(); server.close(); }
  process.exit(code);
}
if (!watchLifetime({ parentPid: options.parentPid ?? null, ignoreStdin: !!options.ignoreStdin, stop })) {
  fail(`--parent-pid ${options.parentPid} is not running`, 2);
}

// Imported only now so its start-up warnings follow --log.
const { default: Provider, errors } = await import('oidc-provider');

function isLoopbackUrl(value) {
  try {
    const url = new URL(value);
    const host = url.hostname;
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash &&
      (host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host));
  } catch { return false; }
}

function createServer(handler) {
  return tls ? https.createServer(tls, handler) : http.createServer(handler);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => { server.removeListener('error', reject); resolve(server.address().port); });
  });
}

// The request handler is set once the issuer (which contains the port) is known.
let dispatch = (req, res) => { res.statusCode = 503; res.end(); };
const handler = (req, res) => dispatch(req, res);

async function bind() {
  for (let attempt = 0; attempt < 5; attempt++) {
    const v4 = createServer(handler);
    const port = await listen(v4, options.port ?? 0, '127.0.0.1');
    const v6 = createServer(handler);
    try {
      await listen(v6, port, '::1');
      return [v4, v6];
    } catch (e) {
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'EAFNOSUPPORT') return [v4];
      v4.close();
      if (options.port) throw e;
    }
  }
  throw new Error('no port free on both 127.0.0.1 and ::1');
}
try { servers.push(...await bind()); } catch (e) { fail(`cannot listen: ${e.message}`); }
const port = servers[0].address().port;
const origin = `${tls ? 'https' : 'http'}://localhost:${port}`;
const issuer = origin + issuerPath;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };

// The machine-to-machine clients and the scopes each may get (and gets when it asks for none).
const m2mClients = [
  { id: 'm2m-client', secret: 'm2m-secret', scope: resourceScopes.join(' ') },
  { id: 'm2m-limited', secret: 'm2m-limited-secret', scope: resourceScopes.slice(0, 1).join(' ') },
];

const clientDefaults = { redirect_uris: redirectUris, post_logout_redirect_uris: options.postLogoutRedirectUri, response_types: ['code'] };
const provider = new Provider(issuer, {
  clients: [
    { ...clientDefaults, client_id: 'web-client', client_secret: 'web-secret', token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] },
    { ...clientDefaults, client_id: 'public-client', token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'] },
    ...m2mClients.map(({ id, secret, scope }) => ({ client_id: id, client_secret: secret, scope, token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'], response_types: [], redirect_uris: [] })),
  ],
  jwks: { keys: [signingJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', ...resourceScopes],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id }),
  }),
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    registration: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? options.resource[0],
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (!options.resource.includes(indicator) && !isLoopbackUrl(indicator)) throw new errors.InvalidTarget();
        const clientCredentials = ctx.oidc.params?.grant_type === 'client_credentials';
        return {
          scope: resourceScopes.join(' '),
          audience: indicator,
          accessTokenTTL: clientCredentials ? 300 : 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
  rotateRefreshToken: true,
  ttl: { AccessToken: 600, ClientCredentials: 300, IdToken: 600, AuthorizationCode: 60, RefreshToken: 86400,
    Session: 3600, Interaction: 600, Grant: 86400 },
});
provider.on('server_error', (_ctx, e) => process.stderr.write(`start-oidc-provider: server_error ${e?.stack ?? e}\n`));
const callback = provider.callback();

function notFound(res) {
  res.statusCode = 404;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ error: 'not_found', error_description: 'outside the issuer path' }));
}

dispatch = (req, res) => {
  const url = new URL(req.url, origin);
  let pathname = url.pathname;
  // RFC 8414 section 3.1: the well-known segment goes between the host and the issuer's path.
  if (issuerPath && pathname === `/.well-known/oauth-authorization-server${issuerPath}`) {
    pathname = `${issuerPath}/.well-known/oauth-authorization-server`;
  }
  if (pathname !== issuerPath && !pathname.startsWith(`${issuerPath}/`)) { notFound(res); return; }
  const inner = pathname.slice(issuerPath.length) || '/';
  if (options.defaultScope && req.method === 'GET' && inner === '/auth' && !url.searchParams.has('scope')) {
    url.searchParams.set('scope', options.defaultScope);
  }
  if (req.method === 'POST' && inner === '/token') { defaultClientScope(req, res, url, pathname, inner); return; }
  forward(req, res, url, pathname, inner);
};

function forward(req, res, url, pathname, inner) {
  // Mounted as Express would: oidc-provider derives the mount path from originalUrl minus url.
  req.originalUrl = pathname + url.search;
  req.baseUrl = issuerPath;
  req.url = inner + url.search;
  callback(req, res);
}

// Scalekit grants an M2M client its configured scopes when a client_credentials request names none: the form is read
// here and handed to oidc-provider as an already parsed body (req.body) with that scope added.
function defaultClientScope(req, res, url, pathname, inner) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const form = new URLSearchParams(body);
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    let clientId = form.get('client_id');
    if (basic) {
      try { clientId = decodeURIComponent(Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0]); } catch { clientId = null; }
    }
    const client = m2mClients.find((c) => c.id === clientId);
    if (client && form.get('grant_type') === 'client_credentials' && !form.has('scope')) form.set('scope', client.scope);
    req.body = form.toString();
    forward(req, res, url, pathname, inner);
  });
}

process.stderr.write(`start-oidc-provider: ready (pid ${process.pid}, issuer ${issuer})\n`);
process.stdout.write(JSON.stringify({
  Issuer: issuer,
  Port: port,
  Pid: process.pid,
  Https: !!tls,
  DiscoveryUrl: `${issuer}/.well-known/openid-configuration`,
  AuthorizationServerMetadataUrl: issuerPath ? `${origin}/.well-known/oauth-authorization-server${issuerPath}` : `${issuer}/.well-known/oauth-authorization-server`,
  Resource: options.resource[0] ?? null,
  WebClientId: 'web-client',
  WebClientSecret: 'web-secret',
  PublicClientId: 'public-client',
  M2mClientId: 'm2m-client',
  M2mClientSecret: 'm2m-secret',
  LimitedClientId: 'm2m-limited',
  LimitedClientSecret: 'm2m-limited-secret',
}) + '\n');
