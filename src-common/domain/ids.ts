// Branded identifiers: a CaseId cannot be passed where a KioskId is expected.

export type Brand<T, B extends string> = T & { readonly __brand: B };

export type KioskId = Brand<string, 'KioskId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type CaseId = Brand<string, 'CaseId'>;
export type RequestId = Brand<string, 'RequestId'>;
export type CommandId = Brand<string, 'CommandId'>;
export type DeviceId = Brand<string, 'DeviceId'>;
