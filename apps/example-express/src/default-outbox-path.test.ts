import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultOutboxPath } from './default-outbox-path.js';

describe('defaultOutboxPath', () => {
  it('is data/example-express-outbox.sqlite in the app folder, from src/ and from dist/ alike', async () => {
    const appDir = fileURLToPath(new URL('../', import.meta.url));
    expect(defaultOutboxPath()).toBe(`${appDir}data/example-express-outbox.sqlite`);
    const built = (await import(new URL('../dist/default-outbox-path.js', import.meta.url).href)) as {
      defaultOutboxPath: () => string;
    };
    expect(built.defaultOutboxPath()).toBe(defaultOutboxPath());
  });
});
