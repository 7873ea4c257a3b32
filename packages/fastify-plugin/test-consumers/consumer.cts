// Type-checked as a CommonJS module (module: nodenext): require() of the ESM package with its types.
import type { Notifier } from '@backend-notifier/core';
import { type BackendNotifierPluginOptions, backendNotifier } from '@backend-notifier/fastify-plugin';

import Fastify = require('fastify');

declare const notifier: Notifier;
const options: BackendNotifierPluginOptions = {
  notifier,
  includeBody: true,
  shouldReport: (_error, _request, reply) => reply.statusCode >= 500,
};
const app = Fastify();
void app.register(backendNotifier, options);
// The decoration is typed: fastify.notifier is the Notifier.
const decorated: Notifier = app.notifier;
export = decorated;
// @ts-expect-error includeBody is a boolean (proves the types resolved, not `any`)
void app.register(backendNotifier, { notifier, includeBody: 'yes' });
