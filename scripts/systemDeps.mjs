// The Debian packages the tests and the browser shell need, by the file that proves each is
// installed. `ensureSystemDeps` installs what is missing when running as root (saying so), or
// stops with the exact command otherwise. Used by `npm test` and `.ci/run`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const SYSTEM_DEPS = [
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'browser shell and Playwright end-to-end tests' },
  { pkg: 'socat', file: '/usr/bin/socat', why: 'PTY pairs for serial driver tests' },
  { pkg: 'poppler-utils', file: '/usr/bin/pdftotext', why: 'checking generated PDFs' },
  { pkg: 'zbar-tools', file: '/usr/bin/zbarimg', why: 'decoding QR codes in rendered documents' },
  { pkg: 'cups', file: '/usr/sbin/cupsd', why: 'system printer queue tests' },
  { pkg: 'cups-client', file: '/usr/sbin/lpadmin', why: 'lp/lpstat/lpadmin for system printing' },
  { pkg: 'cups-ipp-utils', file: '/usr/sbin/ippeveprinter', why: 'a real IPP printer on loopback' },
  { pkg: 'dbus', file: '/usr/bin/dbus-daemon', why: 'system bus needed by cupsd and avahi' },
  { pkg: 'avahi-daemon', file: '/usr/sbin/avahi-daemon', why: 'IPP printer registration on loopback' },
  { pkg: 'udev', file: '/usr/bin/udevadm', why: 'serial port enumeration (SerialPort.list)' },
  { pkg: 'libusb-1.0-0', file: '/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0', alt: '/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0', why: 'USB HID devices' },
  { pkg: 'fonts-noto-cjk', file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', why: 'CJK glyphs for Chromium outside the app (error pages, screenshots of PDFs)' },
  { pkg: 'systemd', file: '/usr/bin/systemd-analyze', why: 'verifying the kiosk watchdog unit the deb installs (systemd-analyze verify)' },
  { pkg: 'postgresql', file: '/usr/lib/postgresql/*/bin/initdb', why: 'a throwaway PostgreSQL server for the platform suite (initdb, pg_ctl)' },
  { pkg: 'espeak-ng', file: '/usr/bin/espeak-ng', why: 'rendering the voice prompts offline (`npm run voice`)' },
  { pkg: 'opus-tools', file: '/usr/bin/opusenc', why: 'compressing the rendered voice clips to Ogg Opus (`npm run voice`)' },
];

/** True when `file` exists; one `*` path segment matches any entry of its folder (a version). */
function exists(file) {
  const star = file.indexOf('/*/');
  if (star < 0) return fs.existsSync(file);
  const parent = file.slice(0, star);
  const rest = file.slice(star + 3);
  return fs.existsSync(parent) && fs.readdirSync(parent).some((entry) => fs.existsSync(`${parent}/${entry}/${rest}`));
}

export function missingSystemDeps() {
  return SYSTEM_DEPS.filter((d) => !exists(d.file) && !(d.alt && exists(d.alt)));
}

export function ensureSystemDeps(log = (s) => process.stdout.write(`${s}\n`)) {
  const missing = missingSystemDeps();
  if (missing.length === 0) return true;
  const names = missing.map((d) => d.pkg);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
  for (const d of missing) log(`system: missing ${d.pkg} (${d.why})`);
  if (process.getuid?.() !== 0) {
    log(`system: not root; install them with:\n  sudo ${command}`);
    return false;
  }
  log(`system: installing ${names.join(' ')} with apt-get`);
  execFileSync('bash', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
  const still = missingSystemDeps();
  if (still.length > 0) {
    log(`system: still missing after install: ${still.map((d) => d.pkg).join(' ')}`);
    return false;
  }
  return true;
}
