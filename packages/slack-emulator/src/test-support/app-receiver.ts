import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake app received, bytes as sent. */
export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** performance.now() at arrival. */
  at: number;
}

/** How the fake app answers. */
export interface Answer {
  status: number;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** A local HTTP server standing for the app's interactivity Request URL. */
export interface AppReceiver {
  url: string;
  received: Received[];
  /** Replaced by tests to change the answer. */
  answer: (r: Received) => Answer;
  close(): Promise<void>;
}

/** Starts the fake app: records every request and answers 200 (empty body) by default. */
export async function startAppReceiver(): Promise<AppReceiver> {
  const receiver: AppReceiver = {
    url: '',
    received: [],
    answer: () => ({ status: 200 }),
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      receiver.received.push(r);
      const a = receiver.answer(r);
      const send = () => {
        res.writeHead(a.status, a.body ? { 'content-type': 'application/json' } : {});
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/interactions`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** The buttons an incident message carries in the tests. */
export const BUTTON_BLOCKS = [
  {
    type: 'section',
    block_id: 'summary',
    text: { type: 'mrkdwn', text: '*Error* in checkout' },
    accessory: {
      type: 'button',
      action_id: 'details',
      text: { type: 'plain_text', text: 'Details' },
      value: 'd1',
    },
  },
  {
    type: 'actions',
    block_id: 'incident_actions',
    elements: [
      {
        type: 'button',
        action_id: 'ack',
        text: { type: 'plain_text', text: 'Acknowledge' },
        value: 'key-1',
        style: 'primary',
      },
      {
        type: 'button',
        action_id: 'mute_1h',
        text: { type: 'plain_text', text: 'Mute 1 h' },
        value: 'key-1',
      },
      {
        type: 'button',
        action_id: 'resolve',
        text: { type: 'plain_text', text: 'Resolve' },
        value: 'key-1',
        style: 'danger',
      },
    ],
  },
];
