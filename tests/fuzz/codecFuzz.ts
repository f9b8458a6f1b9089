// Codec fuzzing (issue 10 item 9): fast-check generates frames for each device codec — random
// bytes, and valid frames mutated (bits flipped, bytes cut, inserted, duplicated) and delivered in
// random chunks — and every decoder the driver or simulator runs on received bytes gets them.
// A crash is any exception escaping a decoder, or a stream reader holding more than its bound.
// Used by tests/unit/devices/codecFuzz.test.ts (a short run in `npm test`) and by
// tests/bench/fuzz.bench.ts (1,000,000 frames per codec, in worker threads with a hang watchdog).
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { COUNTERS_REPLY, SETUP_REQUEST_REPLY } from '../../drivers/billAcceptor/ssp/sspMessages';
import { decryptData, deriveAesKey } from '../../drivers/billAcceptor/ssp/essp';
import { encodePollEvents, parsePollEvents, type SspEvent } from '../../drivers/billAcceptor/ssp/events';
import { encodePacket, MAX_DATA_LENGTH, SspFrameDecoder } from '../../drivers/billAcceptor/ssp/packet';
import { fixturePhoto, fixtureTextBlock, ID_CARD_FIXTURES } from '../../drivers/idcard/idCardFixtures';
import { parseIdCardText } from '../../drivers/idcard/idCardText';
import { decodeReadPayload } from '../../drivers/idcard/SamIdCardReader';
import { encodeSamCommand, encodeSamResponse, MAX_FRAME_LEN_FIELD, parseSamCommand, parseSamResponse, READ_BASE_PAYLOAD, SamFrameReader } from '../../drivers/idcard/samCodec';
import { EscPosDecoder } from '../../drivers/printer/escpos/escposDecoder';
import { estimatePaperLines } from '../../drivers/printer/escpos/paperLength';
import { isRealtimeStatusByte, parseStatusBytes, REALTIME_STATUS, statusByteFor, HEALTHY_CONDITION } from '../../drivers/printer/escpos/printerStatus';
import { encodeHidPosReports, HidPosAssembler } from '../../drivers/scanner/hidPosReport';
import { classifyScan } from '../../drivers/scanner/scanClassifier';
import { MAX_SCAN_BYTES, ScanLineFramer } from '../../drivers/scanner/serialScanLines';

export const FUZZED_CODECS = ['sam', 'ssp', 'escposStatus', 'scanner'] as const;
export type FuzzedCodec = (typeof FUZZED_CODECS)[number];

export interface FuzzReport {
  readonly codec: FuzzedCodec;
  readonly frames: number;
  readonly crashes: number;
  /** The first crashing input (hex) and what escaped, to reproduce it. */
  readonly firstCrash?: { readonly input: string; readonly error: string };
  /** The slowest single frame, in ms: a decoder that loops shows here long before it hangs. */
  readonly slowestFrameMs: number;
  readonly elapsedMs: number;
}

/** One fuzz input: the bytes and how they arrive (chunk sizes, cycled). */
interface FuzzInput {
  readonly bytes: Uint8Array;
  readonly chunks: readonly number[];
}

/** A valid frame with up to four mutations, or plain noise. */
function fuzzed(valid: fc.Arbitrary<Uint8Array>, maxNoise: number): fc.Arbitrary<FuzzInput> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
    fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  const mutatedFrame = fc.tuple(fc.array(valid, { minLength: 1, maxLength: 3 }), fc.array(mutation, { maxLength: 4 })).map(([frames, mutations]) => {
    let bytes = concat(frames);
    for (const m of mutations) {
      if (bytes.length === 0) break;
      const at = m.at % bytes.length;
      switch (m.kind) {
        case 'flip':
          bytes = Uint8Array.from(bytes);
          bytes[at] = bytes[at]! ^ m.mask;
          break;
        case 'cut':
          bytes = concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
          break;
        case 'insert':
          bytes = concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
          break;
        case 'repeat':
          bytes = concat([bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at)]);
          break;
        case 'truncate':
          bytes = bytes.subarray(0, at);
          break;
      }
    }
    return bytes;
  });
  const bytes = fc.oneof({ weight: 3, arbitrary: mutatedFrame }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: maxNoise }) });
  return fc.record({ bytes, chunks: fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 4 }) });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function* chunked(input: FuzzInput): Generator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < input.bytes.length; i++) {
    const size = input.chunks[i % input.chunks.length]!;
    yield input.bytes.subarray(at, at + size);
    at += size;
  }
}

// ---- SAM: frames from the reader's side (replies) and the simulator's side (commands) -----------
/** The 1295-byte read replies of every fixture card, encoded once. */
const READ_REPLIES = ID_CARD_FIXTURES.map((f) => encodeSamResponse(0x90, READ_BASE_PAYLOAD.encode({ text: fixtureTextBlock(f), photo: fixturePhoto(f.id), fingerprint: new Uint8Array(0) })));
const samReply = fc.oneof(
  fc.constantFrom(...READ_REPLIES),
  fc.tuple(fc.constantFrom(0x90, 0x9f, 0x80, 0x41, 0x60), fc.uint8Array({ maxLength: 16 })).map(([sw3, data]) => encodeSamResponse(sw3, data)),
  fc.constantFrom('findCard', 'selectCard', 'readBase', 'samStatus').map((c) => encodeSamCommand(c)),
);

function samTarget(): (input: FuzzInput) => void {
  return (input) => {
    const reader = new SamFrameReader();
    for (const chunk of chunked(input)) {
      for (const item of reader.push(chunk)) {
        if (item.kind !== 'frame') continue;
        parseSamCommand(item.body);
        const response = parseSamResponse(item.body);
        if (response) {
          decodeReadPayload(response.data);
          if (response.data.length >= 256) parseIdCardText(response.data.subarray(response.data.length - 256));
        }
      }
      // The reader's documented bound: one maximal frame plus the chunk it was given.
      if (reader.pendingByteCount > 7 + MAX_FRAME_LEN_FIELD + chunk.length) throw new Error(`SAM reader holds ${reader.pendingByteCount} bytes`);
    }
  };
}

// ---- SSP: packets as the host receives them, with the payloads the driver parses ---------------
const sspEvent: fc.Arbitrary<SspEvent> = fc.oneof(
  fc.constantFrom<SspEvent>({ type: 'slaveReset' }, { type: 'stacked' }, { type: 'disabled' }, { type: 'stackerFull' }, { type: 'unsafeJam' }, { type: 'rejected' }),
  fc.integer({ min: 0, max: 7 }).map((channel): SspEvent => ({ type: 'credit', channel })),
  fc.integer({ min: 0, max: 7 }).map((channel): SspEvent => ({ type: 'read', channel })),
);
const sspPayload = fc.oneof(
  fc.array(sspEvent, { maxLength: 6 }).map((events) => Uint8Array.from([0xf0, ...encodePollEvents(events)])),
  fc.constant(
    SETUP_REQUEST_REPLY.encode({ unitType: 0, firmwareVersion: '0411', currency: 'CNY', valueMultiplier: 0, realValueMultiplier: 100, protocolVersion: 7, channelValues: [1, 5, 10, 20, 50, 100], channelCurrencies: ['CNY', 'CNY', 'CNY', 'CNY', 'CNY', 'CNY'] }),
  ),
  fc.constant(COUNTERS_REPLY.encode({ stacked: 12, stored: 0, dispensed: 0, transferredToStack: 0, rejected: 3 })),
  fc.uint8Array({ maxLength: 40 }),
);
const sspPacket = fc.tuple(sspPayload, fc.boolean(), fc.integer({ min: 0, max: 0x7d })).map(([data, seq, address]) => encodePacket({ address, seq, data: data.subarray(0, MAX_DATA_LENGTH) }));
const FUZZ_AES_KEY = deriveAesKey(0x0123456701234567n, 0x1122334455667788n);

function sspTarget(): (input: FuzzInput) => void {
  return (input) => {
    const decoder = new SspFrameDecoder();
    for (const chunk of chunked(input)) {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind !== 'packet') continue;
        const data = frame.packet.data;
        parsePollEvents(data.subarray(1));
        SETUP_REQUEST_REPLY.decode(data);
        COUNTERS_REPLY.decode(data);
        decryptData(FUZZ_AES_KEY, data);
        if (data.length > MAX_DATA_LENGTH) throw new Error(`SSP packet of ${data.length} data bytes`);
      }
    }
  };
}

// ---- ESC/POS status: the reply bytes the driver reads, and the printer-side command decoder -----
const escposStream = fc.oneof(
  fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }).map((b) => Uint8Array.from(b)),
  fc.record({ offline: fc.boolean(), coverOpen: fc.boolean(), paperOut: fc.boolean(), paperNearEnd: fc.boolean(), cutterError: fc.boolean(), unrecoverableError: fc.boolean(), autoRecoverableError: fc.boolean() }).map((c) => REALTIME_STATUS.encode(c)),
  fc.constant(Uint8Array.from([0x1b, 0x40, 0x1c, 0x26, 0x1b, 0x61, 0x01, 0xb2, 0xe2, 0x0a, 0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff, 0x00, 0x10, 0x04, 0x1d, 0x56, 0x42, 0x00, 0x10, 0x04, 0x01, 0x1d, 0x72, 0x01])),
  fc.constant(Uint8Array.from([0x1d, 0x28, 0x6b, 0x07, 0x00, 0x31, 0x50, 0x30, 0x31, 0x32, 0x33, 0x34, 0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30])),
);

function escposTarget(): (input: FuzzInput) => void {
  return (input) => {
    // The driver's side: reply bytes are routed by their fixed bits; four DLE EOT bytes make a status.
    const realtime = [...input.bytes].filter(isRealtimeStatusByte);
    for (let i = 0; i + 4 <= realtime.length; i += 4) {
      const parsed = parseStatusBytes(realtime.slice(i, i + 4) as [number, number, number, number]);
      if (!parsed.ok) throw new Error(`four DLE EOT bytes did not parse: ${parsed.error}`);
    }
    if (input.bytes.length >= 4) REALTIME_STATUS.decode(input.bytes.subarray(0, 4));
    statusByteFor(input.bytes[0] ?? 0, HEALTHY_CONDITION);
    // The printer's side (simulator) and the driver's job measurement decode the same stream.
    const decoder = new EscPosDecoder();
    for (const chunk of chunked(input)) decoder.push(chunk);
    estimatePaperLines(input.bytes);
  };
}

// ---- Scanner: HID POS reports and serial lines --------------------------------------------------
const scannerStream = fc.oneof(
  fc.tuple(fc.string({ maxLength: 200 }), fc.constantFrom(']Q1', ']C0', ']E0')).map(([text, aim]) => Uint8Array.from(encodeHidPosReports(text, aim).flatMap((r) => [...r]))),
  fc.constantFrom('289431869362714645\r\n', '135112298638468293\r', 'TEST01-20261126-0001\n', 'https://zwfw.example.gov.cn/q/abc\r\n').map((s) => new TextEncoder().encode(s)),
);

function scannerTarget(): (input: FuzzInput) => void {
  return (input) => {
    const assembler = new HidPosAssembler();
    const framer = new ScanLineFramer();
    for (const chunk of chunked(input)) {
      // HID POS delivers one report per chunk; serial delivers any chunking.
      const text = assembler.push(chunk.subarray(0, 63));
      if (text !== undefined) classifyScan(text);
      for (const line of framer.push(chunk)) classifyScan(line);
      if (assembler.pendingByteCount > MAX_SCAN_BYTES) throw new Error(`HID POS assembler holds ${assembler.pendingByteCount} bytes`);
    }
    const rest = framer.flush();
    if (rest !== undefined) classifyScan(rest);
  };
}

const TARGETS: Record<FuzzedCodec, { readonly input: fc.Arbitrary<FuzzInput>; readonly target: () => (input: FuzzInput) => void }> = {
  sam: { input: fuzzed(samReply, 1400), target: samTarget },
  ssp: { input: fuzzed(sspPacket, 300), target: sspTarget },
  escposStatus: { input: fuzzed(escposStream, 64), target: escposTarget },
  scanner: { input: fuzzed(scannerStream, 256), target: scannerTarget },
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Feeds `frames` generated inputs to one codec; `onProgress` is called every `progressEvery`
 * frames (the bench's watchdog listens for it). Deterministic for a given seed.
 */
export function fuzzCodec(codec: FuzzedCodec, frames: number, seed: number, onProgress?: (done: number) => void, progressEvery = 10_000): FuzzReport {
  const { input, target } = TARGETS[codec];
  const run = target();
  let crashes = 0;
  let firstCrash: FuzzReport['firstCrash'];
  let slowestFrameMs = 0;
  let done = 0;
  const started = performance.now();
  const BATCH = 1000;
  for (let batch = 0; done < frames; batch++) {
    const inputs = fc.sample(input, { numRuns: Math.min(BATCH, frames - done), seed: seed + batch });
    for (const one of inputs) {
      const t0 = performance.now();
      try {
        run(one);
      } catch (e) {
        crashes++;
        firstCrash ??= { input: hex(one.bytes), error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      slowestFrameMs = Math.max(slowestFrameMs, performance.now() - t0);
      done++;
      if (onProgress && done % progressEvery === 0) onProgress(done);
    }
  }
  return { codec, frames: done, crashes, ...(firstCrash ? { firstCrash } : {}), slowestFrameMs, elapsedMs: performance.now() - started };
}
