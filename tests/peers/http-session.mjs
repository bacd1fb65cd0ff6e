// Shared by the scripted OAuth clients in this folder (oidc-dev-login.mjs, sdk-example-token.mjs): an HTTP(S)
// session with a cookie jar that honours cookie paths (enough for one host), an optional extra CA, no
// automatic redirects; PKCE values; and "follow redirects until the redirect URI".
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

export const randomValue = () => crypto.randomBytes(32).toString('base64url');

/** A PKCE S256 pair. */
export function pkcePair() {
  const verifier = randomValue();
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export function basicAuthorization(clientId, clientSecret) {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

export function createSession({ ca } = {}) {
  const jar = new Map(); // name -> { value, path }

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

  /** One request; form is sent urlencoded, json as application/json. Resolves { status, location, headers, body }. */
  function request(url, { method = 'GET', form, json, headers = {} } = {}) {
    const target = new URL(url);
    let body;
    const allHeaders = { Accept: 'text/html, application/json', ...headers };
    if (form) { body = new URLSearchParams(form).toString(); allHeaders['Content-Type'] = 'application/x-www-form-urlencoded'; }
    if (json) { body = JSON.stringify(json); allHeaders['Content-Type'] = 'application/json'; }
    if (body !== undefined) allHeaders['Content-Length'] = Buffer.byteLength(body);
    const cookies = cookieHeader(target.pathname);
    if (cookies) allHeaders.Cookie = cookies;
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(target, { method, headers: allHeaders, ca, timeout: 15000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => { text += chunk; });
        res.on('end', () => {
          storeCookies(res.headers['set-cookie']);
          resolve({ status: res.statusCode, location: res.headers.location, headers: res.headers, body: text });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${target.pathname}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * GETs startUrl and follows redirects (at most 20 hops) until one points at redirectUri; then resolves the
   * authorization response's query parameters. A 200 page on the way is handed to onPage(response, url), which
   * returns the next { url, method, form } to send (a login or consent form), or throws.
   */
  async function authorize(startUrl, redirectUri, onPage) {
    const expected = new URL(redirectUri);
    let current = startUrl;
    let response = await request(current);
    for (let step = 0; step < 20; step++) {
      if (response.status >= 300 && response.status < 400 && response.location) {
        const next = new URL(response.location, current);
        if (next.origin === expected.origin && next.pathname === expected.pathname) return next.searchParams;
        current = next.href;
        response = await request(current);
        continue;
      }
      if (!onPage) throw new Error(`unexpected answer ${response.status} at ${new URL(current).pathname}: ${response.body.slice(0, 200)}`);
      const nextRequest = onPage(response, current);
      current = nextRequest.url;
      response = await request(current, nextRequest);
    }
    throw new Error('the authorization flow did not reach the redirect URI within 20 steps');
  }

  return { request, authorize };
}
