import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/**
 * Why a request is refused before any handler sees it. The emulator hands out its bot token (`GET
 * /_emulator/state`, the page) and lets anyone install faults, so a web page the user happens to visit
 * must not reach it: not by DNS rebinding (a foreign name resolving to 127.0.0.1, seen in `Host`), not by
 * a cross-site "simple" request (a form or `fetch` with `text/plain`, which needs no CORS preflight).
 */
export interface Refusal {
  status: 403 | 415;
  error: 'host_not_allowed' | 'cross_origin_write' | 'unsupported_media_type';
  detail: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]']);

/** `'::1'` → `'[::1]'`, lower case: the way the name appears in a `Host` header. */
function asHostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/** `host[:port]` → `host:port` (port 80 when absent, as HTTP says), lower case; undefined if malformed. */
export function normalizeHostHeader(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return undefined;
  return `${m[1]}:${m[2] ?? '80'}`;
}

/** Addresses of this machine's interfaces (IPv6 link-local ones need a zone id no `Host` can carry). */
function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.toLowerCase().startsWith('fe80:')) out.push(a.address);
  }
  return out;
}

/**
 * The `host:port` values a request's `Host` header may carry: the loopback names with the emulator's
 * port; the bound host (an address or a name); every interface address when bound to all
 * (`0.0.0.0`/`::`); and `extra` (`name` = with the emulator's port, or `name:port` as given).
 */
export function allowedHostSet(bindHost: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES];
  if (WILDCARDS.has(bindHost)) names.push(...interfaceAddresses());
  else names.push(bindHost);
  const set = new Set(names.map((n) => `${asHostName(n)}:${port}`));
  for (const entry of extra) {
    const normalized = extraHost(entry, port);
    if (!normalized) throw new Error(`allowedHosts: "${entry}" is not a host name, address or host:port`);
    set.add(normalized);
  }
  return set;
}

/** An `allowedHosts` entry as `host:port`: `name`, `name:port`, `::1`, `[::1]`, `[::1]:8080`. */
function extraHost(entry: string, port: number): string | undefined {
  const e = entry.trim();
  const name = !e.startsWith('[') && e.split(':').length > 2 ? `[${e}]` : e;
  const hasPort = /(^[^:[]+|\]):\d{1,5}$/.test(name);
  return normalizeHostHeader(hasPort ? name : `${name}:${port}`);
}

/** Refuses a request whose `Host` header is not one of `allowed` (DNS rebinding). Applies to every path. */
export function checkHost(allowed: ReadonlySet<string>, req: IncomingMessage): Refusal | undefined {
  const host = normalizeHostHeader(req.headers.host);
  if (host !== undefined && allowed.has(host)) return undefined;
  return {
    status: 403,
    error: 'host_not_allowed',
    // No list of the allowed names: under DNS rebinding the foreign page can read this answer.
    detail: `Host ${JSON.stringify(req.headers.host ?? '')} refused: this emulator answers only 127.0.0.1, localhost and [::1] on its port, the host it was bound to, and the allowedHosts option's names (bin: --allow-host)`,
  };
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Refuses a control-API write (any method but GET/HEAD, with or without a body) that a browser sent
 * from another origin, or that is not `Content-Type: application/json`. A cross-site page cannot send
 * that content type without a CORS preflight, which the emulator never grants, so the type alone stops
 * forms and `no-cors` fetches; the `Origin` / `Sec-Fetch-Site` check also stops a same-site page (another
 * port on localhost) and says why.
 */
export function checkControlWrite(req: IncomingMessage): Refusal | undefined {
  if (READS.has(req.method ?? 'GET')) return undefined;
  const own = `http://${normalizeHostHeader(req.headers.host)}`;
  const origin = req.headers.origin;
  if (origin !== undefined && originKey(origin) !== own) {
    return {
      status: 403,
      error: 'cross_origin_write',
      detail: `control API writes come only from the emulator's own page (${own}), not from Origin ${origin}`,
    };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return {
      status: 403,
      error: 'cross_origin_write',
      detail: `control API writes come only from the emulator's own page, not from a ${site} request`,
    };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return {
      status: 415,
      error: 'unsupported_media_type',
      detail: `control API writes need Content-Type: application/json (also without a body), not ${JSON.stringify(req.headers['content-type'] ?? '')}`,
    };
  }
  return undefined;
}

/** `http://Localhost:3700` → `http://localhost:3700`, default port made explicit; '' for `null` or junk. */
function originKey(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:') return '';
    return `http://${normalizeHostHeader(url.host)}`;
  } catch {
    return '';
  }
}
