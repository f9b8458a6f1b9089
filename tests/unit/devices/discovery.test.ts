import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiscoveryWatcher, listSerialPorts, matchDevice, type DiscoveryReport } from '../../../drivers/discovery/deviceDiscovery';
import { deviceMatchFor } from '../../../src-main/core/devices/openTransport';

const report: DiscoveryReport = {
  serial: [
    { bus: 'serial', path: '/dev/ttyS0' },
    { bus: 'serial', path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' },
  ],
  hid: [
    { bus: 'hid', path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c },
    { bus: 'hid', path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x01 },
  ],
  problems: [],
};

describe('discovery', () => {
  it('matches by USB VID/PID (case-insensitive), HID VID/PID and usage page, or path', () => {
    expect(matchDevice(report, { kind: 'serialUsb', vendorId: '1A86', productId: '7523' })?.path).toBe('/dev/ttyUSB0');
    expect(matchDevice(report, { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c })?.path).toBe('/dev/hidraw0');
    expect(matchDevice(report, { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x01 })?.path).toBe('/dev/hidraw1');
    expect(matchDevice(report, { kind: 'serialUsb', vendorId: '0403', productId: '6001' })).toBeUndefined();
    expect(matchDevice(report, { kind: 'path', path: '/dev/ttyS0' })?.path).toBe('/dev/ttyS0');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'disc-')), 'pty');
    expect(matchDevice(report, { kind: 'path', path: file })).toBeUndefined();
    fs.writeFileSync(file, '');
    expect(matchDevice(report, { kind: 'path', path: file })?.path).toBe(file); // PTYs are not listed but exist
  });

  it('notices hot-plug by re-enumeration', async () => {
    let current: DiscoveryReport = { serial: [], hid: [], problems: [] };
    const changes: string[] = [];
    const watcher = new DiscoveryWatcher((c) => changes.push(`+${c.added.map((d) => d.path).join(',')} -${c.removed.map((d) => d.path).join(',')}`), { enumerate: async () => current });
    await watcher.scanOnce();
    current = report;
    await watcher.scanOnce();
    current = { ...report, serial: report.serial.slice(0, 1) };
    await watcher.scanOnce();
    await watcher.scanOnce();
    expect(changes).toEqual(['+/dev/ttyS0,/dev/ttyUSB0,/dev/hidraw0,/dev/hidraw1 -', '+ -/dev/ttyUSB0']);
  });

  it('enumerates the real serial ports of this machine (udevadm present) or says what is missing', async () => {
    const r = await listSerialPorts();
    if (r.ok) expect(Array.isArray(r.value)).toBe(true);
    else expect(r.error).toMatch(/udevadm|enumerate/);
  });
});

describe('discovery at runtime', () => {
  it('matches a configured transport with the same matcher the hot-plug watcher uses', () => {
    const usb = deviceMatchFor({ kind: 'serialMatch', vendorId: '1A86', productId: '7523', baudRate: 9600 });
    const hid = deviceMatchFor({ kind: 'hid', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c });
    expect(usb && matchDevice(report, usb)?.path).toBe('/dev/ttyUSB0');
    expect(hid && matchDevice(report, hid)?.path).toBe('/dev/hidraw0');
    expect(deviceMatchFor({ kind: 'tcp', host: '127.0.0.1', port: 9100 })).toBeUndefined();
    // The watcher reconnects only what just appeared: an unrelated addition matches nothing.
    const appeared: DiscoveryReport = { serial: [{ bus: 'serial', path: '/dev/ttyACM3', vendorId: '2341', productId: '0043' }], hid: [], problems: [] };
    expect(usb && matchDevice(appeared, usb)).toBeUndefined();
  });
});
