/** Routing rules (issue 12 point 4): pure decisions of where an event goes and whom it pings. */
export {
  type EventAttributes,
  type EventMatch,
  isEmptyMatch,
  matchesEvent,
  type OneOrMany,
} from './event-attributes.js';
export { createRouter, type RouteDecision, type RoutingOptions, type RoutingRule } from './routing-rules.js';
