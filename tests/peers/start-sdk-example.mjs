#!/usr/bin/env node
// Starts the official MCP TypeScript SDK example server with OAuth
// (dist/esm/examples/server/simpleStreamableHttp.js --oauth) on loopback, waits until the
// resource server and the authorization server both answer, prints ONE JSON line on stdout
//   {"McpUrl":"http://localhost:<p>/mcp","AuthorizationServerUrl":"http://localhost:<ap>/","Pid":<child pid>}
// and keeps running. Nothing else is ever written to stdout; the example's own log and
// this script's messages go to stderr (or to --log FILE).
//
// Usage: node tests/peers/start-sdk-example.mjs [--parent-pid PID] [--mcp-port N] [--auth-port N]
//          [--strict] [--timeout-ms N] [--log FILE] [--ignore-stdin]
//   --parent-pid PID  stop when that process is gone (checked every 250 ms)
//   --mcp-port/--auth-port  fixed ports; by default two free loopback ports are picked
//   --strict          also pass --oauth-strict (tokens must be minted for this resource)
//   --timeout-ms N    give up if both ports do not answer within N ms (default 30000)
//   --log FILE        append the example's stdout/stderr to FILE instead of stderr
//   --ignore-stdin    do not stop when stdin reaches end-of-file
// It stops (killing the example) on SIGTERM, SIGINT or SIGHUP, when stdin closes (only when
// stdin is a pipe or socket, so /dev/null or a terminal does not stop it), when the
// --parent-pid process is gone, and when the example exits. The example itself runs with
// exit-with-parent.mjs preloaded, so it also exits if this script is killed with SIGKILL.
// Exit codes: 0 stopped on request, 1 start-up failed or the example died, 2 bad arguments.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentWatcher } from './lifetime.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLE = path.join(here, 'node_modules', '@modelcontextprotocol', 'sdk', 'dist', 'esm',
  'examples', 'server', 'simpleStreamableHttp.js');
const PRELOADS = ['force-loopback.mjs', 'exit-with-parent.mjs']
  .map((name) => pathToFileURL(path.join(here, name)).href);
const AUTO_PORT_ATTEMPTS = 3;

function fail(message, code = 1) {
  process.stderr.write(`start-sdk-example: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { parentPid: null, mcpPort: null, authPort: null, strict: false,
    timeoutMs: 30000, log: null, ignoreStdin: false };
  const intArg = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) fail(`${name} needs an integer in ${min}..${max}, got '${value}'`, 2);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`, 2);
      return argv[++i];
    };
    switch (arg) {
      case '--parent-pid': options.parentPid = intArg(arg, next(), 1, 2 ** 31 - 1); break;
      case '--mcp-port': options.mcpPort = intArg(arg, next(), 1, 65535); break;
      case '--auth-port': options.authPort = intArg(arg, next(), 1, 65535); break;
      case '--strict': case '--oauth-strict': options.strict = true; break;
      case '--timeout-ms': options.timeoutMs = intArg(arg, next(), 1, 10 * 60 * 1000); break;
      case '--log': options.log = next(); break;
      case '--ignore-stdin': options.ignoreStdin = true; break;
      default: fail(`unknown argument '${arg}'`, 2);
    }
  }
  if (options.mcpPort !== null && options.mcpPort === options.authPort) fail('--mcp-port and --auth-port must differ', 2);
  return options;
}

// Resolves true if host:port can be bound now, false if it is taken. An address family the
// machine does not have (no ::1) counts as free: nothing can be listening there.
function canBind(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

// A port free on 127.0.0.1 (where the example binds) and on ::1 (where "localhost" may resolve).
async function pickFreePort(exclude) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1', exclusive: true },
        () => { const { port: p } = server.address(); server.close(() => resolve(p)); });
    });
    if (!exclude.includes(port) && await canBind(port, '::1')) return port;
  }
  throw new Error('no free loopback port found');
}

// One GET to 127.0.0.1; resolves { status, body } or null when nothing answers.
function probe(port, urlPath) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, headers: { Host: `localhost:${port}` }, timeout: 2000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { body += chunk; });
        response.on('end', () => resolve({ status: response.statusCode, body }));
        response.on('error', () => resolve(null));
      });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(null));
  });
}

function jsonField(body, field) {
  try { return JSON.parse(body)[field]; } catch { return undefined; }
}

// Both ports answer with the example's own metadata for exactly these ports, so a foreign
// process that happens to hold a port is not mistaken for the example.
async function bothAnswer(mcpPort, authPort) {
  const [rs, as] = await Promise.all([
    probe(mcpPort, '/.well-known/oauth-protected-resource/mcp'),
    probe(authPort, '/.well-known/oauth-authorization-server'),
  ]);
  return rs?.status === 200 && jsonField(rs.body, 'resource') === `http://localhost:${mcpPort}/mcp` &&
    as?.status === 200 && jsonField(as.body, 'issuer') === `http://localhost:${authPort}/`;
}

const options = parseArgs(process.argv.slice(2));
if (!fs.existsSync(EXAMPLE)) fail(`${EXAMPLE} is missing; run 'npm ci' in ${here}`);

let child = null;
let stopping = false;
let childLog = 'inherit';
if (options.log) {
  try { childLog = fs.openSync(options.log, 'a'); } catch (error) { fail(`cannot open --log file: ${error.message}`, 2); }
}

function stop(reason, code) {
  if (stopping) return;
  stopping = true;
  if (reason) process.stderr.write(`start-sdk-example: ${reason}\n`);
  if (!child || child.exitCode !== null || child.signalCode !== null) process.exit(code);
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 3000);
  child.once('exit', () => { clearTimeout(killTimer); process.exit(code); });
  child.kill('SIGTERM');
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(`${signal} received`, 0));

// Stdin end-of-file means the caller is gone, but only when stdin is a pipe or socket:
// /dev/null (CI, "no standard input") or a terminal would otherwise stop it at once.
if (!options.ignoreStdin) {
  let stdinIsPipe = false;
  try { const stat = fs.fstatSync(0); stdinIsPipe = stat.isFIFO() || stat.isSocket(); } catch { /* fd 0 closed */ }
  if (stdinIsPipe) {
    process.stdin.on('data', () => {});
    process.stdin.on('end', () => stop('stdin closed', 0));
    process.stdin.on('error', () => stop('stdin closed', 0));
  }
}

// The --parent-pid process is gone when kill(pid, 0) fails with ESRCH, when it is a zombie,
// or when the pid now belongs to another process (its start time in /proc changed).
if (options.parentPid !== null) {
  const alive = parentWatcher(options.parentPid);
  if (!alive) fail(`--parent-pid ${options.parentPid} is not running`, 2);
  setInterval(() => { if (!alive()) stop(`parent ${options.parentPid} is gone`, 0); }, 250).unref();
}

async function startOnce(mcpPort, authPort) {
  const args = [...PRELOADS.flatMap((url) => ['--import', url]), EXAMPLE, '--oauth'];
  if (options.strict) args.push('--oauth-strict');
  const started = Date.now();
  child = spawn(process.execPath, args, {
    cwd: here,
    env: { ...process.env, MCP_PORT: String(mcpPort), MCP_AUTH_PORT: String(authPort) },
    stdio: ['ignore', childLog === 'inherit' ? 2 : childLog, childLog === 'inherit' ? 2 : childLog],
  });
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  while (Date.now() - started < options.timeoutMs) {
    if (exited) return { ok: false, exited };
    if (await bothAnswer(mcpPort, authPort)) {
      if (exited) return { ok: false, exited };
      return { ok: true, ms: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { ok: false, timedOut: true };
}

// A fixed port that is already taken cannot work: say so at once instead of waiting.
for (const port of [options.mcpPort, options.authPort]) {
  if (port !== null && !await canBind(port, '127.0.0.1')) fail(`port ${port} on 127.0.0.1 is already in use`);
}
// Retrying with other ports only helps when both were picked here.
const autoPorts = options.mcpPort === null && options.authPort === null;
let result = null;
let mcpPort;
let authPort;
for (let attempt = 1; attempt <= (autoPorts ? AUTO_PORT_ATTEMPTS : 1) && !stopping; attempt++) {
  try {
    mcpPort = options.mcpPort ?? await pickFreePort([options.authPort]);
    authPort = options.authPort ?? await pickFreePort([mcpPort]);
  } catch (error) { fail(error.message); }
  result = await startOnce(mcpPort, authPort);
  if (result.ok || stopping) break;
  if (result.timedOut) {
    child.kill('SIGKILL');
    fail(`the example did not answer on ports ${mcpPort}/${authPort} within ${options.timeoutMs} ms`);
  }
  // Exited early: with picked ports, most likely one was taken in the meantime; try others.
  process.stderr.write(`start-sdk-example: the example exited during start-up ` +
    `(code ${result.exited.code}, signal ${result.exited.signal}) on ports ${mcpPort}/${authPort}\n`);
}
if (stopping) await new Promise(() => {}); // stop() exits once the child is gone
if (!result?.ok) fail('the example could not be started');

child.once('exit', (code, signal) => stop(`the example exited (code ${code}, signal ${signal})`, 1));
process.stderr.write(`start-sdk-example: ready in ${result.ms} ms (pid ${child.pid}, ports ${mcpPort}/${authPort})\n`);
process.stdout.write(JSON.stringify({
  McpUrl: `http://localhost:${mcpPort}/mcp`,
  AuthorizationServerUrl: `http://localhost:${authPort}/`,
  Pid: child.pid,
}) + '\n');
