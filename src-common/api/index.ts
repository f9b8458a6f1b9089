// The whole API: every method and unsolicited event, by name. Each domain declares its own
// module; this file only gathers them (one line per domain).
import { kioskMethods, kioskUnsolicited } from './kiosk';
import { sessionMethods, sessionUnsolicited } from './session';
import { devicesMethods, devicesUnsolicited } from './devices';
import { queueMethods } from './queue';
import { catalogMethods } from './catalog';
import { paymentsMethods } from './payments';
import { printingMethods, printingUnsolicited } from './printing';
import { applicationsMethods } from './applications';
import { feesMethods } from './fees';
import { casesMethods } from './cases';
import { certificatesMethods, proofsMethods } from './proofs';
import { diagnosticsMethods } from './diagnostics';
import { technicianMethods } from './technician';
import { helpMethods } from './help';
import { faceCheckMethods } from './faceCheck';

export const API_VERSION = 1;

export const methods = {
  ...kioskMethods,
  ...sessionMethods,
  ...devicesMethods,
  ...queueMethods,
  ...catalogMethods,
  ...paymentsMethods,
  ...printingMethods,
  ...applicationsMethods,
  ...feesMethods,
  ...casesMethods,
  ...proofsMethods,
  ...certificatesMethods,
  ...diagnosticsMethods,
  ...technicianMethods,
  ...helpMethods,
  ...faceCheckMethods,
} as const;

export const unsolicited = {
  ...kioskUnsolicited,
  ...sessionUnsolicited,
  ...devicesUnsolicited,
  ...printingUnsolicited,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type UnsolicitedEvents = typeof unsolicited;
export type UnsolicitedName = keyof UnsolicitedEvents;
