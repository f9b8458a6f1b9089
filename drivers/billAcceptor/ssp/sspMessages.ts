// SSP replies with a fixed layout, declared once for the driver (decode) and the simulator
// (encode): SETUP REQUEST (docs/protocols/itl-ssp.md#setup-request-reply) and GET COUNTERS
// (docs/protocols/itl-ssp.md#commands). Multi-byte order follows the kybarg/ssp evidence: 3-byte
// multipliers big-endian, 4-byte values little-endian; the manual does not say.
import { asciiField, literal, mapped, message, optionalTail, P } from '../../codec/messageCoder';
import { SspResponse } from './commands';

/** The expanded channel table that protocol versions ≥ 6 append: currency and value per channel. */
const EXPANDED_CHANNELS = P.struct({
  currencies: P.array('../channelCount', asciiField(3)),
  values: P.array('../channelCount', P.U32LE),
});

/** SETUP REQUEST reply of a banknote validator, OK byte first, exactly as on the wire. */
const SETUP_REQUEST_WIRE = P.struct({
  ok: literal(SspResponse.ok),
  unitType: P.U8,
  firmwareVersion: asciiField(4),
  currency: asciiField(3),
  valueMultiplier: P.int(3, false),
  channelCount: P.U8,
  /** Face values in units of `valueMultiplier` (0 when they do not fit a byte; see the expanded table). */
  shortValues: P.array('channelCount', P.U8),
  /** Obsolete per-channel security levels; real units send 2. */
  channelSecurity: P.array('channelCount', P.U8),
  realValueMultiplier: P.int(3, false),
  protocolVersion: P.U8,
  expanded: optionalTail(EXPANDED_CHANNELS),
});

export interface SetupRequestInfo {
  readonly unitType: number;
  readonly firmwareVersion: string;
  readonly currency: string;
  readonly valueMultiplier: number;
  readonly realValueMultiplier: number;
  readonly protocolVersion: number;
  /** Face value of each channel in whole currency units (index 0 = channel 1). */
  readonly channelValues: readonly number[];
  /** Currency of each channel (protocol ≥ 6), else the unit's currency. */
  readonly channelCurrencies: readonly string[];
}

/**
 * The SETUP REQUEST reply as the kiosk uses it. The money values come from the expanded table
 * when the unit sends one (protocol ≥ 6), else from the 1-byte table times the multiplier.
 */
export const SETUP_REQUEST_REPLY = message<SetupRequestInfo>(
  mapped(SETUP_REQUEST_WIRE, {
    decode: (wire): SetupRequestInfo => {
      // With no channels the expanded table is empty, so "no bytes left" is not a missing table then.
      const expanded = wire.protocolVersion >= 6 ? (wire.expanded ?? (wire.channelCount === 0 ? { currencies: [], values: [] } : undefined)) : undefined;
      if (wire.protocolVersion >= 6 && !expanded) throw new Error(`protocol ${wire.protocolVersion} reply lacks the expanded channel table`);
      return {
        unitType: wire.unitType,
        firmwareVersion: wire.firmwareVersion,
        currency: wire.currency,
        valueMultiplier: wire.valueMultiplier,
        realValueMultiplier: wire.realValueMultiplier,
        protocolVersion: wire.protocolVersion,
        channelValues: expanded ? expanded.values : wire.shortValues.map((v) => v * Math.max(wire.valueMultiplier, 1)),
        channelCurrencies: expanded ? expanded.currencies : wire.shortValues.map(() => wire.currency),
      };
    },
    encode: (info: SetupRequestInfo) => ({
      ok: undefined,
      unitType: info.unitType,
      firmwareVersion: info.firmwareVersion,
      currency: info.currency,
      valueMultiplier: info.valueMultiplier,
      channelCount: info.channelValues.length,
      shortValues: info.channelValues.map((v) => (v <= 255 ? v : 0)),
      channelSecurity: info.channelValues.map(() => 2),
      realValueMultiplier: info.realValueMultiplier,
      protocolVersion: info.protocolVersion,
      expanded: info.protocolVersion >= 6 ? { currencies: [...info.channelCurrencies], values: [...info.channelValues] } : undefined,
    }),
  }),
);

/**
 * GET COUNTERS reply: OK, the number of counters, then each as u32 little-endian (the manual's
 * example): stacked, stored, dispensed, transferred to stack, rejected.
 */
const COUNTERS_WIRE = P.struct({
  ok: literal(SspResponse.ok),
  counters: P.array(P.U8, P.U32LE),
});

export interface CounterValues {
  readonly stacked: number;
  readonly stored: number;
  readonly dispensed: number;
  readonly transferredToStack: number;
  readonly rejected: number;
}

export const COUNTERS_REPLY = message<CounterValues>(
  mapped(COUNTERS_WIRE, {
    decode: ({ counters }): CounterValues => {
      if (counters.length < 5) throw new Error(`${counters.length} counters, expected 5`);
      const [stacked, stored, dispensed, transferredToStack, rejected] = counters as [number, number, number, number, number];
      return { stacked, stored, dispensed, transferredToStack, rejected };
    },
    encode: (c: CounterValues) => ({ ok: undefined, counters: [c.stacked, c.stored, c.dispensed, c.transferredToStack, c.rejected] }),
  }),
);
