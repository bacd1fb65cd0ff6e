// Preload for `node --import ./force-loopback.mjs <script>`: every TCP listen() in this
// process binds 127.0.0.1, never all interfaces.
//
// net.Server.prototype.listen is what http/https/tls/express/hono servers all end up in.
// Each TCP call form is normalised the way Node's own net.js does it and re-issued as
// listen({ ...options, host: '127.0.0.1' }, cb):
//   listen()  listen(cb)  listen(port)  listen(port, cb)  listen(port, backlog[, cb])
//   listen(port, host[, backlog][, cb])  listen(null|undefined, ...)  listen('3000', ...)
//   listen({ port, host, backlog, exclusive, ipv6Only, reusePort, signal }[, cb])
// Non-TCP forms pass through untouched: Unix sockets / named pipes (a path string or
// { path }) and already-open handles ({ fd }, { handle }, { _handle }, a TCP handle).
// A guard on 'listening' then checks the bound address of every server, whatever form
// was used: a TCP listener not on 127.0.0.0/8 or ::1 is closed and the process crashes
// with an uncaught error (fail closed).
//
// Known difference from plain Node: with a host given, Node resolves it before binding,
// so server.address() is null until 'listening' (also for listen(0)). Code that reads
// address() synchronously right after listen() does not work under this preload.
import net from 'node:net';

const LOOPBACK_V4 = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

// Node's isPipeName(): a string that is not a number names a pipe / Unix socket.
function isPipeName(value) {
  return typeof value === 'string' && !(Number(value) >= 0);
}

function toBacklog(value) {
  const n = Number(value);
  return n >= 0 ? n : false;
}

function isLoopbackAddress(address) {
  if (typeof address !== 'string') return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

function loopbackGuard() {
  const bound = this.address();
  // Pipes / Unix sockets report a string; TCP reports { address, family, port }.
  if (bound && typeof bound === 'object' && !isLoopbackAddress(bound.address)) {
    this.close();
    throw new Error(
      `force-loopback: a server is listening on ${bound.address}:${bound.port}, ` +
        'which is not a loopback address; refusing to continue');
  }
}

// Returns the argument list to pass to the original listen().
function rewriteListenArgs(args) {
  const cb = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const tail = cb ? [cb] : [];

  // listen() / listen(cb): an arbitrary port on all interfaces in plain Node.
  if (args.length === 0 || typeof args[0] === 'function') {
    return [{ port: 0, host: LOOPBACK_V4 }, ...tail];
  }

  const first = args[0];

  if (typeof first === 'object' && first !== null) {
    // Already-open handles and descriptors: nothing to rewrite (the guard still checks).
    // Without a port key it is a { path } (or an invalid object Node itself rejects).
    if (first._handle || first.handle || (typeof first.fd === 'number' && first.fd >= 0) ||
        !('port' in first)) {
      return args;
    }
    // (options[, cb]): keep everything but the host; ipv6Only means nothing on an IPv4 address.
    const options = { ...first, host: LOOPBACK_V4 };
    delete options.ipv6Only;
    if (options.port === undefined || options.port === null) options.port = 0;
    if (!options.backlog) {
      const backlog = toBacklog(args.length > 1 && args[1]);
      if (backlog !== false) options.backlog = backlog;
    }
    return [options, ...tail];
  }

  // (path[, backlog][, cb]): a Unix socket / pipe.
  if (isPipeName(first)) return args;

  // ([port][, host][, backlog][, cb]) where port may be a number, a numeric string, null or undefined.
  const options = { port: first === undefined || first === null ? 0 : first, host: LOOPBACK_V4 };
  const backlog = toBacklog(args.length > 1 && args[1]) || toBacklog(args.length > 2 && args[2]);
  if (backlog !== false && backlog > 0) options.backlog = backlog;
  return [options, ...tail];
}

net.Server.prototype.listen = function forceLoopbackListen(...args) {
  const rewritten = rewriteListenArgs(args);
  // Registered before the original listen() adds the caller's callback, so it runs first.
  this.once('listening', loopbackGuard);
  try {
    return originalListen.apply(this, rewritten);
  } catch (error) {
    this.removeListener('listening', loopbackGuard);
    throw error;
  }
};
