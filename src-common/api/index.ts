// The whole API: every method and unsolicited event, by name. Each domain declares its own
// module; this file only gathers them (one line per domain).
import { kioskMethods, kioskUnsolicited } from './kiosk';
import { sessionMethods, sessionUnsolicited } from './session';

export const API_VERSION = 1;

export const methods = {
  ...kioskMethods,
  ...sessionMethods,
} as const;

export const unsolicited = {
  ...kioskUnsolicited,
  ...sessionUnsolicited,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type UnsolicitedEvents = typeof unsolicited;
export type UnsolicitedName = keyof UnsolicitedEvents;

export * from './contract';
export * from './envelope';
