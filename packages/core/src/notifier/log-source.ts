/** The `source` every log call of the notifier carries in its meta, so log transports can recognise it. */
export const NOTIFIER_LOG_SOURCE = 'backend-notifier';
