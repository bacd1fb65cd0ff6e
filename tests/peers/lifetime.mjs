// Shared by the start scripts in this folder: a server started by a test stops with its caller.
//   watchLifetime({ parentPid, ignoreStdin, stop })
// calls stop(reason) on SIGTERM / SIGINT / SIGHUP, when stdin reaches end-of-file (only when stdin
// is a pipe or socket: /dev/null or a terminal is ignored, so CI's empty stdin does not stop it;
// --ignore-stdin turns this off), when the parentPid process is gone (kill(pid, 0) fails, it is a
// zombie, or the pid was reused: its start time in /proc changed), and when this process is
// re-parented (its starter was killed, even with SIGKILL). Checked every 250 ms.
import fs from 'node:fs';

const POLL_MS = 250;

function procStart(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch { return null; }
}

/** A function telling whether `pid` is still the process it was when this was called, or null if it is not running now. */
export function parentWatcher(pid) {
  const initial = procStart(pid);
  const alive = () => {
    try { process.kill(pid, 0); } catch (error) { if (error.code === 'ESRCH') return false; }
    if (initial) {
      const now = procStart(pid);
      if (!now || now.state === 'Z' || now.start !== initial.start) return false;
    }
    return true;
  };
  return alive() ? alive : null;
}

/** Returns false when parentPid is given but not running (the caller should exit with a usage error). */
export function watchLifetime({ parentPid = null, ignoreStdin = false, stop }) {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(`${signal} received`));

  if (!ignoreStdin) {
    let stdinIsPipe = false;
    try { const stat = fs.fstatSync(0); stdinIsPipe = stat.isFIFO() || stat.isSocket(); } catch { /* fd 0 closed */ }
    if (stdinIsPipe) {
      process.stdin.on('data', () => {});
      process.stdin.on('end', () => stop('stdin closed'));
      process.stdin.on('error', () => stop('stdin closed'));
    }
  }

  const startParent = process.ppid;
  let parentAlive = () => true;
  if (parentPid !== null) {
    parentAlive = parentWatcher(parentPid);
    if (!parentAlive) return false;
  }
  setInterval(() => {
    if (process.ppid !== startParent) stop(`parent ${startParent} is gone`);
    else if (!parentAlive()) stop(`parent ${parentPid} is gone`);
  }, POLL_MS).unref();
  return true;
}

/** Sends this process's stderr (and so console.warn/error) to FILE, appending. */
export function redirectStderr(file) {
  const fd = fs.openSync(file, 'a');
  process.stderr.write = (chunk, encoding, callback) => {
    fs.writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk);
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (cb) cb();
    return true;
  };
}

/**
 * A tiny argument parser: spec maps '--name' to 'flag' | 'string' | 'list' | 'int'.
 * Returns { options, error }; option keys are camelCased names.
 */
export function parseArgs(argv, spec) {
  const options = {};
  const key = (name) => name.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  for (const [name, kind] of Object.entries(spec)) if (kind === 'list') options[key(name)] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const kind = spec[arg];
    if (!kind) return { error: `unknown argument '${arg}'` };
    if (kind === 'flag') { options[key(arg)] = true; continue; }
    if (i + 1 >= argv.length) return { error: `${arg} needs a value` };
    const value = argv[++i];
    if (kind === 'int') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) return { error: `${arg} needs a non-negative integer, got '${value}'` };
      options[key(arg)] = n;
    } else if (kind === 'list') {
      options[key(arg)].push(value);
    } else {
      options[key(arg)] = value;
    }
  }
  return { options };
}
