import { request } from 'node:http';

/** What `curl` printed and its exit code. */
export interface CurlResult {
  code: number;
  stdout: string;
}

/**
 * Does what `curl ARGS` does for the flags READMEs use, over `node:http` (which, unlike `fetch`, sends a
 * `Host` header as given): `-s`, `-i` (status line and headers before the body), `-X METHOD`,
 * `-H 'Name: value'`, `-d DATA` (repeatable, joined with `&`, form-encoded unless a content type is
 * given; POST unless `-X` says otherwise), `--data-binary`, and one `http://` URL. Any other flag is an
 * error, so a README cannot show a command this does not reproduce.
 */
export async function curl(args: string[]): Promise<CurlResult> {
  let method: string | undefined;
  let include = false;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`curl: ${a} needs a value`);
      return v;
    };
    if (a === '-s' || a === '--silent') continue;
    if (a === '-i' || a === '--include') include = true;
    else if (a === '-si' || a === '-is') include = true;
    else if (a === '-X' || a === '--request') method = value();
    else if (a === '-H' || a === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon < 1) throw new Error(`curl: bad header ${h}`);
      headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (a === '-d' || a === '--data' || a === '--data-binary') data.push(value());
    else if (a.startsWith('-')) throw new Error(`curl: flag ${a} is not reproduced by this helper`);
    else if (url === undefined) url = a;
    else throw new Error(`curl: a second URL ${a}`);
  }
  if (url === undefined || !url.startsWith('http://'))
    throw new Error(`curl: no http:// URL in ${args.join(' ')}`);
  const target = new URL(url);
  const body = data.length > 0 ? data.join('&') : undefined;
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (body !== undefined && !has('content-type'))
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  if (!has('host')) headers.unshift(['Host', target.host]);
  if (!has('user-agent')) headers.push(['User-Agent', 'curl/8']);
  if (!has('accept')) headers.push(['Accept', '*/*']);
  if (body !== undefined) headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: headers.flat(),
        setHost: false,
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let head = '';
          if (include) {
            const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
            for (let i = 0; i < res.rawHeaders.length; i += 2)
              lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
            // curl ends these lines with CRLF; a terminal shows plain lines.
            head = `${lines.join('\n')}\n\n`;
          }
          resolve({ code: 0, stdout: head + text });
        });
      },
    );
    // curl's exit code 7: failed to connect.
    req.on('error', () => resolve({ code: 7, stdout: '' }));
    req.end(body);
  });
}
