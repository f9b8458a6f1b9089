// SSP command codes and generic response codes (docs/protocols/itl-ssp.md#commands), as data.

export const SspCommand = {
  reset: 0x01,
  setChannelInhibits: 0x02,
  displayOn: 0x03,
  displayOff: 0x04,
  setupRequest: 0x05,
  hostProtocolVersion: 0x06,
  poll: 0x07,
  rejectBanknote: 0x08,
  disable: 0x09,
  enable: 0x0a,
  getSerialNumber: 0x0c,
  sync: 0x11,
  lastRejectCode: 0x17,
  hold: 0x18,
  getFirmwareVersion: 0x20,
  getDatasetVersion: 0x21,
  setGenerator: 0x4a,
  setModulus: 0x4b,
  requestKeyExchange: 0x4c,
  setBaudRate: 0x4d,
  getBuildRevision: 0x4f,
  configureBezel: 0x54,
  pollWithAck: 0x56,
  eventAck: 0x57,
  getCounters: 0x58,
  resetCounters: 0x59,
} as const;
export type SspCommandName = keyof typeof SspCommand;

/** First DATA byte of every reply. */
export const SspResponse = {
  ok: 0xf0,
  commandNotKnown: 0xf2,
  wrongParameterCount: 0xf3,
  parameterOutOfRange: 0xf4,
  cannotBeProcessed: 0xf5,
  softwareError: 0xf6,
  fail: 0xf8,
  keyNotSet: 0xfa,
} as const;
export type SspResponseName = keyof typeof SspResponse;

const RESPONSE_BY_CODE = new Map<number, SspResponseName>(Object.entries(SspResponse).map(([k, v]) => [v, k as SspResponseName]));

/** Names a generic response byte; `undefined` for a byte that is not one. */
export function responseName(code: number | undefined): SspResponseName | undefined {
  return code === undefined ? undefined : RESPONSE_BY_CODE.get(code);
}

/** The step of the encrypted link's STEX marker (docs/protocols/itl-ssp.md#essp-encryption). */
export const STEX = 0x7e;

/** Reject codes returned by LAST REJECT CODE (docs/protocols/itl-ssp.md#reject-codes), the ones the kiosk names. */
export const RejectCode = {
  accepted: 0x00,
  channelInhibit: 0x06,
  rejectByHost: 0x08,
  disabledByHost: 0x0c,
  escrowTimeout: 0x13,
} as const;
