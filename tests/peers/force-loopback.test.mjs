// node --test tests/peers/force-loopback.test.mjs
// Every listen() call form ends up on 127.0.0.1 once force-loopback.mjs is loaded.
import './force-loopback.mjs';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import express from 'express';

const here = path.dirname(fileURLToPath(import.meta.url));

function listening(server) {
  return new Promise((resolve, reject) => {
    if (server.listening) { resolve(server); return; }
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function close(server) {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function freePort() {
  const server = await listening(net.createServer().listen(0));
  const { port } = server.address();
  await close(server);
  return port;
}

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

const forms = [
  ['listen()', () => net.createServer().listen()],
  ['listen(cb)', () => net.createServer().listen(() => {})],
  ['listen(0)', () => net.createServer().listen(0)],
  ['listen(0, cb)', () => net.createServer().listen(0, () => {})],
  ['listen(0, backlog, cb)', () => net.createServer().listen(0, 7, () => {})],
  ["listen(0, '0.0.0.0')", () => net.createServer().listen(0, '0.0.0.0')],
  ["listen(0, '::', cb)", () => net.createServer().listen(0, '::', () => {})],
  ["listen(0, 'localhost', backlog, cb)", () => net.createServer().listen(0, 'localhost', 9, () => {})],
  ["listen('0')", () => net.createServer().listen('0')],
  ['listen(null)', () => net.createServer().listen(null)],
  ['listen(undefined, cb)', () => net.createServer().listen(undefined, () => {})],
  ['listen({ port: 0 })', () => net.createServer().listen({ port: 0 })],
  ['listen({ port: undefined })', () => net.createServer().listen({ port: undefined })],
  ["listen({ port: 0, host: '0.0.0.0' }, cb)", () => net.createServer().listen({ port: 0, host: '0.0.0.0' }, () => {})],
  ["listen({ port: 0, host: '::', ipv6Only: true })", () => net.createServer().listen({ port: 0, host: '::', ipv6Only: true })],
  ['listen({ port: 0, exclusive: true, backlog: 5 })', () => net.createServer().listen({ port: 0, exclusive: true, backlog: 5 })],
  ['http.createServer().listen(0)', () => http.createServer().listen(0)],
  ['express app.listen(0, cb)', () => express().listen(0, () => {})],
];

for (const [name, start] of forms) {
  test(`force-loopback: ${name} binds 127.0.0.1 only`, async () => {
    const server = await listening(start());
    try {
      const { address, port } = server.address();
      assert.equal(address, '127.0.0.1');
      assert.deepEqual(listenersOn(port), ['0100007F']);
    } finally {
      await close(server);
    }
  });
}

test('force-loopback: explicit ports keep their number (number, string, options)', async () => {
  for (const start of [
    (p) => net.createServer().listen(p),
    (p) => net.createServer().listen(String(p), '0.0.0.0', () => {}),
    (p) => net.createServer().listen({ port: p, host: '::' }),
  ]) {
    const port = await freePort();
    const server = await listening(start(port));
    try {
      assert.deepEqual(server.address(), { address: '127.0.0.1', family: 'IPv4', port });
      assert.deepEqual(listenersOn(port), ['0100007F']);
    } finally {
      await close(server);
    }
  }
});

test('force-loopback: the listen callback still runs, with the server as this', async () => {
  const server = net.createServer();
  const self = await new Promise((resolve) => server.listen(0, '0.0.0.0', function () { resolve(this); }));
  assert.equal(self, server);
  await close(server);
});

test('force-loopback: Unix socket paths pass through unchanged', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'force-loopback-'));
  try {
    for (const [name, start] of [
      ['path string', (p) => net.createServer().listen(p)],
      ['{ path }', (p) => net.createServer().listen({ path: p })],
    ]) {
      const socketPath = path.join(dir, `${name.replace(/\W/g, '')}.sock`);
      const server = await listening(start(socketPath));
      assert.equal(server.address(), socketPath, name);
      await close(server);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('force-loopback: an invalid port is still rejected the way Node rejects it', () => {
  assert.throws(() => net.createServer().listen(70000), { code: 'ERR_SOCKET_BAD_PORT' });
  assert.throws(() => net.createServer().listen({ host: '0.0.0.0' }), { code: 'ERR_INVALID_ARG_VALUE' });
});

test('force-loopback: a listener that reports a non-loopback address crashes the process', () => {
  // address() is faked: nothing is ever bound outside loopback.
  const script = "const s = require('node:net').createServer();" +
    "s.address = () => ({ address: '0.0.0.0', family: 'IPv4', port: 1 });" +
    "s.listen(0, () => { console.log('callback ran'); });";
  const result = spawnSync(process.execPath, ['--import', './force-loopback.mjs', '-e', script],
    { cwd: here, encoding: 'utf8', timeout: 20000 });
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /not a loopback address/);
  assert.doesNotMatch(result.stdout, /callback ran/);
});
