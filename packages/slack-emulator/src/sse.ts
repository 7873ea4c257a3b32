import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core.js';
import type { ChangeEvent } from './types.js';

/** Keep-alive comment interval for SSE clients. */
export const SSE_PING_MS = 15_000;

/** `GET /_emulator/events`: every change as `event: change` with a JSON `data` line, plus pings. */
export function handleEvents(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  pingMs = SSE_PING_MS,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const onChange = (event: ChangeEvent) => {
    res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
  };
  core.events.on('change', onChange);
  const ping = setInterval(() => res.write(': ping\n\n'), pingMs);
  ping.unref();
  const stop = () => {
    clearInterval(ping);
    core.events.off('change', onChange);
  };
  req.on('close', stop);
  res.on('close', stop);
}
