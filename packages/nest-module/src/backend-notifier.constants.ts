/** Injection token of the `Notifier` the module provides. Use `@InjectNotifier()` or `@Inject(BACKEND_NOTIFIER)`. */
export const BACKEND_NOTIFIER: unique symbol = Symbol('BACKEND_NOTIFIER');

/** Injection token of the resolved {@link BackendNotifierModuleOptions}. */
export const BACKEND_NOTIFIER_OPTIONS: unique symbol = Symbol('BACKEND_NOTIFIER_OPTIONS');
