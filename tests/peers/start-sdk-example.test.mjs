// node --test tests/peers/start-sdk-example.test.mjs
// The starter's contract (one JSON line, loopback only, stops with its caller) and the
// example's observed behaviour documented in README.md, for the pinned SDK version.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const STARTER = path.join(here, 'start-sdk-example.mjs');
const started = [];

after(() => {
  for (const { proc, info } of started) {
    for (const pid of [proc.pid, info?.Pid]) {
      try { if (pid) process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isGone(pid) {
  try { process.kill(pid, 0); } catch (error) { return error.code === 'ESRCH'; }
  try { return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z'); } catch { return true; }
}

async function waitGone(pid, ms = 8000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (isGone(pid)) return true;
    await sleep(50);
  }
  return false;
}

function exitOf(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

// Starts the starter and resolves after its first stdout line (or its exit).
function startStarter(args = [], { stdin = 'pipe' } = {}) {
  const proc = spawn(process.execPath, [STARTER, ...args], { cwd: here, stdio: [stdin, 'pipe', 'pipe'] });
  const entry = { proc, info: null, stderr: '' };
  started.push(entry);
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => { entry.stderr += chunk; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no JSON line within 30 s; stderr: ${entry.stderr}`)), 30000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline >= 0 && !entry.info) {
        clearTimeout(timer);
        entry.info = JSON.parse(out.slice(0, newline));
        entry.firstLine = out.slice(0, newline);
        resolve(entry);
      }
    });
    proc.once('close', () => { clearTimeout(timer); if (!entry.info) resolve(entry); });
  });
}

function portOf(url) { return Number(new URL(url).port); }

// Local addresses of the TCP sockets listening on `port`, from /proc/net/tcp and tcp6.
function listenersOn(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 3 && cols[3] === '0A' && cols[1].endsWith(`:${hexPort}`)) found.push(cols[1].split(':')[0]);
    }
  }
  return found;
}

// One request to 127.0.0.1:port with the given Host header (default localhost:port).
function request(port, method, urlPath, { headers = {}, body, host } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath,
      headers: { Host: host ?? `localhost:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'peers-test', version: '1' } } });
const MCP_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

test('starter prints one JSON line, binds loopback only, and the example behaves as documented', async () => {
  const entry = await startStarter(['--parent-pid', String(process.pid)]);
  assert.ok(entry.info, `starter exited early: ${entry.stderr}`);
  const { McpUrl, AuthorizationServerUrl, Pid } = entry.info;
  assert.deepEqual(Object.keys(entry.info), ['McpUrl', 'AuthorizationServerUrl', 'Pid']);
  assert.match(McpUrl, /^http:\/\/localhost:\d+\/mcp$/);
  assert.match(AuthorizationServerUrl, /^http:\/\/localhost:\d+\/$/);
  assert.ok(Number.isInteger(Pid) && Pid !== entry.proc.pid);
  const rs = portOf(McpUrl);
  const as = portOf(AuthorizationServerUrl);

  // Loopback guarantee: each port has exactly one listener, on 127.0.0.1 (hex 0100007F).
  assert.deepEqual(listenersOn(rs), ['0100007F']);
  assert.deepEqual(listenersOn(as), ['0100007F']);

  const prm = await request(rs, 'GET', '/.well-known/oauth-protected-resource/mcp');
  assert.equal(prm.status, 200);
  assert.equal(prm.headers['access-control-allow-origin'], '*');
  assert.deepEqual(JSON.parse(prm.body), { resource: McpUrl, authorization_servers: [AuthorizationServerUrl],
    scopes_supported: ['mcp:tools'], resource_name: 'MCP Demo Server' });

  const rootPrm = await request(rs, 'GET', '/.well-known/oauth-protected-resource');
  assert.equal(rootPrm.status, 404);
  assert.match(rootPrm.headers['content-type'], /^text\/html/);

  const expectedChallenge = 'Bearer error="invalid_token", error_description="Missing Authorization header", ' +
    `resource_metadata="http://localhost:${rs}/.well-known/oauth-protected-resource/mcp"`;
  const noToken = await request(rs, 'POST', '/mcp', { headers: MCP_HEADERS, body: INITIALIZE });
  assert.equal(noToken.status, 401);
  assert.equal(noToken.headers['www-authenticate'], expectedChallenge);
  assert.deepEqual(JSON.parse(noToken.body), { error: 'invalid_token', error_description: 'Missing Authorization header' });

  const getNoToken = await request(rs, 'GET', '/mcp', { headers: { Accept: 'text/event-stream' } });
  assert.equal(getNoToken.status, 401);
  assert.equal(getNoToken.headers['www-authenticate'], expectedChallenge);

  const basic = await request(rs, 'POST', '/mcp', { headers: { ...MCP_HEADERS, Authorization: 'Basic x' }, body: INITIALIZE });
  assert.equal(basic.status, 401);
  assert.match(basic.headers['www-authenticate'], /error_description="Invalid Authorization header format, expected 'Bearer TOKEN'"/);

  const bogus = await request(rs, 'POST', '/mcp', { headers: { ...MCP_HEADERS, Authorization: 'Bearer bogus' }, body: INITIALIZE });
  assert.equal(bogus.status, 500);
  assert.equal(bogus.headers['www-authenticate'], undefined);
  assert.deepEqual(JSON.parse(bogus.body), { error: 'server_error', error_description: 'Internal Server Error' });

  const asMeta = await request(as, 'GET', '/.well-known/oauth-authorization-server');
  assert.equal(asMeta.status, 200);
  const meta = JSON.parse(asMeta.body);
  assert.equal(meta.issuer, AuthorizationServerUrl);
  assert.equal(meta.token_endpoint, `http://localhost:${as}/token`);
  assert.equal(meta.introspection_endpoint, undefined);

  // Through 127.0.0.1 (Host: 127.0.0.1:<port>) the URLs stay http://localhost: they are hard-coded.
  const prmByIp = await request(rs, 'GET', '/.well-known/oauth-protected-resource/mcp', { host: `127.0.0.1:${rs}` });
  assert.equal(JSON.parse(prmByIp.body).resource, McpUrl);
  const asByIp = await request(as, 'GET', '/.well-known/oauth-authorization-server', { host: `127.0.0.1:${as}` });
  assert.equal(JSON.parse(asByIp.body).issuer, AuthorizationServerUrl);

  // Nothing but the JSON line on stdout; SIGTERM stops the starter and the example.
  entry.proc.kill('SIGTERM');
  const exit = await exitOf(entry.proc);
  assert.equal(exit.code, 0);
  assert.ok(await waitGone(Pid), 'example still running after SIGTERM');
  assert.deepEqual(listenersOn(rs), []);
  assert.deepEqual(listenersOn(as), []);
});

test('starter stops when its stdin closes', async () => {
  const entry = await startStarter();
  assert.ok(entry.info, entry.stderr);
  entry.proc.stdin.end();
  assert.equal((await exitOf(entry.proc)).code, 0);
  assert.ok(await waitGone(entry.info.Pid));
  assert.match(entry.stderr, /stdin closed/);
});

test('starter ignores end-of-file on a stdin that is not a pipe (/dev/null)', async () => {
  const entry = await startStarter([], { stdin: 'ignore' });
  assert.ok(entry.info, entry.stderr);
  await sleep(500);
  assert.equal(entry.proc.exitCode, null);
  entry.proc.kill('SIGINT');
  assert.equal((await exitOf(entry.proc)).code, 0);
  assert.ok(await waitGone(entry.info.Pid));
});

test('starter stops when the --parent-pid process is gone', async () => {
  const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const entry = await startStarter(['--parent-pid', String(parent.pid)], { stdin: 'ignore' });
    assert.ok(entry.info, entry.stderr);
    parent.kill('SIGKILL');
    assert.equal((await exitOf(entry.proc)).code, 0);
    assert.ok(await waitGone(entry.info.Pid));
    assert.match(entry.stderr, new RegExp(`parent ${parent.pid} is gone`));
  } finally {
    parent.kill('SIGKILL');
  }
});

test('the example exits by itself when the starter is killed with SIGKILL', async () => {
  const entry = await startStarter([], { stdin: 'ignore' });
  assert.ok(entry.info, entry.stderr);
  entry.proc.kill('SIGKILL');
  await exitOf(entry.proc);
  assert.ok(await waitGone(entry.info.Pid), 'orphaned example still running');
});

test('fixed ports and --strict are honoured', async () => {
  const pick = () => new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const rs = await pick();
  let as = await pick();
  while (as === rs) as = await pick();
  const entry = await startStarter(['--mcp-port', String(rs), '--auth-port', String(as), '--strict']);
  assert.ok(entry.info, entry.stderr);
  assert.equal(entry.info.McpUrl, `http://localhost:${rs}/mcp`);
  assert.equal(entry.info.AuthorizationServerUrl, `http://localhost:${as}/`);
  const ps = fs.readFileSync(`/proc/${entry.info.Pid}/cmdline`, 'utf8').split('\0');
  assert.ok(ps.includes('--oauth') && ps.includes('--oauth-strict'), ps.join(' '));
  entry.proc.stdin.end();
  assert.equal((await exitOf(entry.proc)).code, 0);
  assert.ok(await waitGone(entry.info.Pid));
});

test('a fixed port that is taken makes the starter fail with exit code 1 and no stdout', async () => {
  // Connections to the blocker (the starter's probes) are dropped at once, so close() can finish.
  const blocker = net.createServer((socket) => socket.destroy());
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const taken = blocker.address().port;
    const entry = await startStarter(['--mcp-port', String(taken), '--timeout-ms', '15000'], { stdin: 'ignore' });
    assert.equal(entry.info, null);
    assert.equal((await exitOf(entry.proc)).code, 1);
    assert.match(entry.stderr, new RegExp(`port ${taken} on 127.0.0.1 is already in use`));
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('bad arguments exit with code 2', async () => {
  for (const args of [['--mcp-port', 'x'], ['--bogus'], ['--parent-pid']]) {
    const entry = await startStarter(args, { stdin: 'ignore' });
    assert.equal(entry.info, null, args.join(' '));
    assert.equal((await exitOf(entry.proc)).code, 2, args.join(' '));
  }
});
