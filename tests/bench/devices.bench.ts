// Device benchmarks: an ID card read over a real PTY pair with the simulator pacing its replies
// at 115200 baud (wall time vs. the line time of the bytes exchanged), and SAM codec throughput.
import { performance } from 'node:perf_hooks';
import { createPtyPair } from '../support/ptyPair';
import { openSerialTransport } from '../../drivers/transport/serialTransport';
import { IdCardSimulator } from '../../drivers/idcard/IdCardSimulator';
import { decodeReadPayload, SamIdCardReader } from '../../drivers/idcard/SamIdCardReader';
import { encodeSamCommand, encodeSamResponse, parseSamResponse, SamFrameReader } from '../../drivers/idcard/samCodec';
import { fixturePhoto, fixtureTextBlock, ID_CARD_FIXTURES } from '../../drivers/idcard/idCardFixtures';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import type { BenchFigure } from './types';

const BAUD = 115200;
const BITS_PER_BYTE = 10; // 8N1: start + 8 data + stop
const READS = 15;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function readOverPty(): Promise<BenchFigure[]> {
  const pair = await createPtyPair('bench');
  const simulator = new IdCardSimulator({ paceBaudRate: BAUD, representCardAfterRead: true });
  const device = unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: BAUD }));
  simulator.attach(device);
  const host = unwrap(await openSerialTransport({ path: pair.hostPath, baudRate: BAUD }));
  const reader = new SamIdCardReader(host, { log: silentLogger });
  simulator.insertCard('resident-wang');
  try {
    unwrap(await reader.checkSam());
    // find + select + read: 3 command frames of 10 bytes; replies of 15, 19 and 1295 bytes (docs/protocols/sam-id-card-reader.md#response-layouts).
    const bytesExchanged = 3 * encodeSamCommand('findCard').length + encodeSamResponse(0x9f, new Uint8Array(4)).length + encodeSamResponse(0x90, new Uint8Array(8)).length + 1295;
    const lineTimeMs = (bytesExchanged * BITS_PER_BYTE * 1000) / BAUD;
    const walls: number[] = [];
    for (let i = 0; i < READS; i++) {
      const started = performance.now();
      const read = await reader.waitForCard({ timeoutMs: 5000 });
      walls.push(performance.now() - started);
      if (!read.ok) throw new Error(`bench read failed: ${read.error.kind}`);
    }
    const wall = median(walls);
    return [
      { name: 'read-id over 115200-baud PTY (median of 15)', value: Math.round(wall * 10) / 10, unit: 'ms', target: 'ratio ≤ 1.2', ratio: Math.round((wall / lineTimeMs) * 100) / 100, note: `line-time limit ${lineTimeMs.toFixed(1)} ms for ${bytesExchanged} bytes; the host's 30 command bytes are not paced by the PTY` },
      { name: 'read-id over PTY, slowest of 15', value: Math.round(Math.max(...walls) * 10) / 10, unit: 'ms', ratio: Math.round((Math.max(...walls) / lineTimeMs) * 100) / 100 },
    ];
  } finally {
    reader.dispose();
    await simulator.stop();
    await host.close();
    await pair.close();
  }
}

function codecThroughput(): BenchFigure[] {
  const fixture = ID_CARD_FIXTURES[0]!;
  const data = new Uint8Array(4 + 256 + 1024);
  data.set([0x01, 0x00, 0x04, 0x00], 0);
  data.set(fixtureTextBlock(fixture), 4);
  data.set(fixturePhoto(fixture.id), 260);
  const frame = encodeSamResponse(0x90, data);
  const reader = new SamFrameReader();
  let frames = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 100; i++) {
      const items = reader.push(frame);
      const body = items[0]?.kind === 'frame' ? items[0].body : undefined;
      const response = body ? parseSamResponse(body) : undefined;
      if (!response || !decodeReadPayload(response.data).ok) throw new Error('bench decode failed');
      frames++;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const perSecond = Math.round(frames / elapsed);
  // A 1295-byte frame takes 112 ms on the wire at 115200 baud: ~8.9 frames/s is the line's limit.
  const lineFramesPerSecond = BAUD / BITS_PER_BYTE / 1295;
  return [
    { name: 'SAM codec: 1295-byte read frame reassembled + parsed', value: perSecond, unit: 'frames/s', ratio: Math.round(perSecond / lineFramesPerSecond), note: `ratio = times the 115200-baud line rate (${lineFramesPerSecond.toFixed(1)} frames/s)` },
  ];
}

export async function run(): Promise<BenchFigure[]> {
  return [...(await readOverPty()), ...codecThroughput()];
}
