// Preload for `node --import ./exit-with-parent.mjs <script>`: the process exits as soon as
// the process that started it is gone (it is re-parented), even if that parent was killed
// with SIGKILL and had no chance to stop it. Used by start-sdk-example.mjs so a server
// never outlives its starter.
const startParent = process.ppid;
const POLL_MS = 250;

setInterval(() => {
  if (process.ppid !== startParent) {
    process.stderr.write(`exit-with-parent: parent ${startParent} is gone; exiting\n`);
    process.exit(0);
  }
}, POLL_MS).unref();
