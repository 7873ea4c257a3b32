// Forked helper processes with a small request/reply protocol over IPC. Every process is tracked, so the
// orchestrator can kill what a benchmark left behind when it hits its deadline.
import { fork, spawn } from 'node:child_process';

const tracked = new Set();

/** Report a pid to the orchestrator (run.js) so it is killed even if this benchmark process dies. */
export function track(child) {
  tracked.add(child);
  process.send?.({ type: 'spawned', pid: child.pid });
  child.once('exit', () => tracked.delete(child));
  return child;
}

/** Kill every process this benchmark started (SIGCONT first, in case one was paused). */
export function killAll() {
  for (const child of tracked) {
    try {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    } catch {}
  }
  tracked.clear();
}

/**
 * Fork `modulePath` with IPC; resolves once it sends `{ type: 'ready', ... }`. `call(type, payload)` sends a
 * request and resolves with the reply's value.
 */
export function forkWorker(modulePath, args = [], { timeoutMs = 30_000, execArgv = [] } = {}) {
  const child = track(fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv }));
  let nextId = 0;
  const pending = new Map();
  child.on('message', (msg) => {
    if (msg?.type !== 'reply') return;
    const p = pending.get(msg.id);
    if (p === undefined) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else p.resolve(msg.value);
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error(`${modulePath} exited`));
    pending.clear();
  });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${modulePath} not ready in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('message', (msg) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve(msg);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited with ${code} before ready`));
    });
  });
  const send = (msg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...msg, id });
    });
  return {
    child,
    ready,
    call: (type, payload = {}) => send({ type, ...payload }),
    kill: () => {
      try {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      } catch {}
    },
  };
}

/** Spawn a plain program (no IPC), tracked. */
export function spawnTracked(command, args, options = {}) {
  return track(spawn(command, args, { stdio: 'ignore', ...options }));
}
