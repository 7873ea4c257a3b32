import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Args, argString, parseArgs, readBody } from './body-parser.js';
import type { EmulatorCore } from './core.js';
import { htmlErrorPage, sendJson, sendText, sleep } from './http-util.js';
import type { LogDetails, MethodContext, MethodDef } from './methods/context.js';
import { METHODS } from './methods/index.js';
import { withWarnings } from './methods/warnings.js';
import { SlackApiError } from './slack-error.js';
import type { TokenRecord } from './token-store.js';
import type { Fault, RequestLogEntry } from './types.js';

interface Call {
  core: EmulatorCore;
  res: ServerResponse;
  method: string;
  entry: Omit<RequestLogEntry, 'doneAt' | 'outcome' | 'status'>;
  /** Sent on every answer once the token is known: Slack always sends X-OAuth-Scopes. */
  headers: Record<string, string>;
}

function finish(call: Call, status: number, outcome: string, details: LogDetails = {}): void {
  const { core } = call;
  const entry: RequestLogEntry = {
    ...call.entry,
    ...stripUndefined(details),
    status,
    outcome,
    doneAt: core.ws.now(),
  };
  core.log.add(entry);
  core.emit({ type: 'request', ...(entry.channel ? { channel: entry.channel } : {}) });
}

function stripUndefined(details: LogDetails): LogDetails {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) as LogDetails;
}

function fail(call: Call, code: string, extra: Record<string, unknown> = {}): void {
  sendJson(call.res, 200, { ok: false, error: code, ...extra }, call.headers);
  finish(call, 200, code);
}

/** The one method that takes only an app-level token (every other one refuses it but auth.test). */
const APP_TOKEN_METHOD = 'apps.connections.open';

function tokenKindAllowed(method: string, kind: TokenRecord['kind']): boolean {
  if (method === APP_TOKEN_METHOD) return kind === 'app';
  return kind !== 'app' || method === 'auth.test';
}

function tokenOf(req: IncomingMessage, args: Args, json: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  // Slack only reads the token from the body for form/query arguments, not JSON bodies.
  return json ? undefined : argString(args, 'token');
}

function rateLimited(call: Call, retryAfter: number | null): void {
  const headers = retryAfter === null ? call.headers : { ...call.headers, 'retry-after': String(retryAfter) };
  sendJson(call.res, 429, { ok: false, error: 'ratelimited' }, headers);
  finish(call, 429, 'ratelimited');
}

/** Answers with the tier or per-channel limit when exceeded; true when the call may proceed. */
function checkRateLimits(
  call: Call,
  def: MethodDef,
  token: TokenRecord,
  channelId: string | undefined,
): boolean {
  const { core } = call;
  const cfg = core.rateLimits;
  if (!cfg.enabled) return true;
  const tier = cfg.nonMarketplace && /^conversations\.(history|replies)$/.test(call.method) ? 't1' : def.tier;
  if (tier !== 't5') {
    const perMinute = cfg.tiers[tier];
    const taken = core.limiter.take(`${call.method}|${token.id}`, (perMinute * cfg.scale) / 60, perMinute);
    if (!taken.ok) {
      rateLimited(call, taken.retryAfter);
      return false;
    }
  }
  if (call.method === 'chat.postMessage' && channelId) {
    const { perSecond, burst } = cfg.postMessage;
    const taken = core.limiter.take(`chat.postMessage|${channelId}`, perSecond * cfg.scale, burst);
    if (!taken.ok) {
      rateLimited(call, taken.retryAfter);
      return false;
    }
  }
  return true;
}

function runMethod(call: Call, def: MethodDef, args: Args, token: TokenRecord, warnings: string[]) {
  const { core } = call;
  const ctx: MethodContext = {
    method: call.method,
    ws: core.ws,
    args,
    token,
    limits: core.limits,
    emit: (e) => core.emit(e),
    accepted: [],
    log: {},
    ...(core.socketModeUrl ? { socketModeUrl: core.socketModeUrl } : {}),
  };
  const headers: Record<string, string> = { 'x-oauth-scopes': token.scopes.join(',') };
  try {
    const result = withWarnings({ ok: true, ...def.handle(ctx) }, warnings);
    if (ctx.accepted.length) headers['x-accepted-oauth-scopes'] = ctx.accepted.join(',');
    return { status: 200, body: result, headers, outcome: 'ok', log: ctx.log };
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    if (ctx.accepted.length) headers['x-accepted-oauth-scopes'] = ctx.accepted.join(',');
    const body = withWarnings({ ok: false, error: err.code, ...err.extra }, warnings);
    return { status: 200, body, headers, outcome: err.code, log: ctx.log };
  }
}

/** Applies a fault that answers instead of the method; returns true when the call is done. */
function applyTerminalFault(call: Call, fault: Fault): boolean {
  const a = fault.action;
  switch (a.type) {
    case 'error':
      fail(call, a.error, a.extra ?? {});
      return true;
    case 'ratelimit':
      rateLimited(call, a.retryAfter === undefined ? 1 : a.retryAfter);
      return true;
    case 'http':
      sendText(call.res, a.status, htmlErrorPage(a.status), 'text/html; charset=utf-8', call.headers);
      finish(call, a.status, `http_${a.status}`);
      return true;
    case 'non_json': {
      const page = '<html><body>Service temporarily unavailable</body></html>';
      sendText(call.res, 200, page, 'text/html', call.headers);
      finish(call, 200, 'non_json');
      return true;
    }
    case 'redirect':
      call.res.writeHead(302, { ...call.headers, location: a.location ?? 'https://slack.com/api/' });
      call.res.end();
      finish(call, 302, 'http_302');
      return true;
    case 'reset':
      call.res.socket?.destroy();
      finish(call, 0, 'reset');
      return true;
    default:
      return false;
  }
}

/** Handles `POST|GET /api/<method>`: parse, method, auth, faults, rate limits, handler, log. */
export async function handleApiCall(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  url: URL,
) {
  const entry = { seq: core.log.nextSeq(), at: core.ws.now(), method };
  const call: Call = { core, res, method, entry, headers: {} };
  const raw = await readBody(req);
  const parsed = parseArgs(url, req.headers['content-type'], raw);
  if (!parsed.ok) return fail(call, parsed.error);
  const def = METHODS[method];
  if (!def) return fail(call, 'unknown_method', { req_method: method });
  const { args } = parsed;
  const tokenString = tokenOf(req, args, parsed.json);
  if (!tokenString) return fail(call, 'not_authed');
  const token = core.ws.tokens.get(tokenString);
  if (!token) return fail(call, 'invalid_auth');
  call.entry.token = token.id;
  call.headers = { 'x-oauth-scopes': token.scopes.join(',') };
  if (token.state !== 'active') return fail(call, token.state);
  if (!tokenKindAllowed(method, token.kind)) return fail(call, 'not_allowed_token_type');
  // Slack reads the app token of apps.connections.open from the Authorization header only.
  if (method === APP_TOKEN_METHOD && !req.headers.authorization) return fail(call, 'not_authed');

  const channel = core.ws.findChannel(argString(args, 'channel'), true);
  if (channel) call.entry.channel = channel.id;
  const fault = core.faults.match(
    method,
    (ref) => channel !== undefined && core.ws.findChannel(ref, true)?.id === channel.id,
    core.ids.random,
  );
  if (fault) core.emit({ type: 'fault' });
  if (fault?.action.type === 'delay') await sleep(fault.action.ms);
  if (fault && applyTerminalFault(call, fault)) return;
  if (!checkRateLimits(call, def, token, channel?.id)) return;

  if (fault?.action.type === 'late') {
    // Slack still working on it when the client gives up: nothing exists yet when the timeout fires, the
    // message appears `ms` after arrival (answered then, to nobody if the socket is gone).
    await sleep(fault.action.ms);
    const late = runMethod(call, def, args, token, parsed.warnings);
    sendJson(res, late.status, late.body, late.headers);
    finish(call, late.status, late.outcome === 'ok' ? 'late' : late.outcome, late.log);
    return;
  }
  const out = runMethod(call, def, args, token, parsed.warnings);
  if (fault?.action.type === 'hang') {
    // The call took effect (message stored); the answer comes late or never: the duplicate trap.
    finish(call, 0, 'hang', out.log);
    const ms = fault.action.ms;
    if (ms !== undefined) setTimeout(() => sendJson(res, out.status, out.body, out.headers), ms).unref();
    return;
  }
  sendJson(res, out.status, out.body, out.headers);
  finish(call, out.status, out.outcome, out.log);
}
