import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { sendText } from './http-util.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The web page's folder: `public/` beside `dist/`. */
export const PUBLIC_DIR = new URL('../public/', import.meta.url);

/** Serves one file of `public/`; names with path separators or `..` are refused (no traversal). */
export async function serveStatic(res: ServerResponse, name: string, dir: URL = PUBLIC_DIR): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    return sendText(res, 400, 'bad path');
  }
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(decoded) || decoded.includes('..')) {
    return sendText(res, 404, 'not found');
  }
  const ext = decoded.slice(decoded.lastIndexOf('.'));
  try {
    const body = await readFile(new URL(decoded, dir));
    if (res.writableEnded) return;
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(body);
  } catch {
    sendText(res, 404, 'not found');
  }
}
