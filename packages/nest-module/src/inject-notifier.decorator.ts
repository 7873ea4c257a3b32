import { Inject } from '@nestjs/common';
import { BACKEND_NOTIFIER } from './backend-notifier.constants.js';

/**
 * Injects the module's `Notifier`: `constructor(@InjectNotifier() private readonly notifier: Notifier)`.
 * Shorthand for `@Inject(BACKEND_NOTIFIER)`.
 */
export const InjectNotifier = (): PropertyDecorator & ParameterDecorator => Inject(BACKEND_NOTIFIER);
