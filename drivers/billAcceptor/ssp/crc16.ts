// SSP CRC-16 (docs/protocols/itl-ssp.md#packet): poly 0x8005, seed 0xFFFF, MSB-first, no reflection, no xorout
// (catalogued CRC-16/CMS). Computed over every byte after STX, before byte stuffing.

const POLY = 0x8005;
const SEED = 0xffff;

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ POLY) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

export function sspCrc16(bytes: Uint8Array, seed = SEED): number {
  let crc = seed;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** The CRC as sent on the wire: low byte first. */
export function sspCrcBytes(bytes: Uint8Array): [number, number] {
  const crc = sspCrc16(bytes);
  return [crc & 0xff, crc >> 8];
}
