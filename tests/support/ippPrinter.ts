// A real IPP printer on loopback for tests: `ippeveprinter` (cups-ipp-utils) behind a private
// `cupsd` with its own config, spool and port, so the test never touches a system CUPS. Both
// need DNS-SD. If the machine's own avahi answers on its system bus it is used; otherwise a private
// D-Bus (own socket) and a private avahi-daemon restricted to `lo` are started. A machine may hold
// a stale or foreign avahi pid file (CI images do), which makes a second avahi refuse to start, so
// as root the private avahi runs in its own mount namespace with a fresh /run/avahi-daemon.
// ippeveprinter starts only once avahi answers on the bus. Everything started here is stopped by
// `stop()`; nothing is skipped — a missing binary is an error that names the apt command.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface IppTestPrinter {
  /** `host:port` of the private cupsd. */
  readonly server: string;
  /** The CUPS queue pointing at the IPP printer. */
  readonly queue: string;
  /** Where ippeveprinter keeps every document it received (`-k`). */
  readonly receivedDir: string;
  stop(): Promise<void>;
}

const REQUIRED: readonly { binary: string; paths: string[]; apt: string }[] = [
  { binary: 'cupsd', paths: ['/usr/sbin/cupsd'], apt: 'cups' },
  { binary: 'lpadmin', paths: ['/usr/sbin/lpadmin'], apt: 'cups-client' },
  { binary: 'lp', paths: ['/usr/bin/lp'], apt: 'cups-client' },
  { binary: 'ippeveprinter', paths: ['/usr/sbin/ippeveprinter', '/usr/bin/ippeveprinter'], apt: 'cups-ipp-utils' },
  { binary: 'dbus-daemon', paths: ['/usr/bin/dbus-daemon'], apt: 'dbus' },
  { binary: 'dbus-send', paths: ['/usr/bin/dbus-send'], apt: 'dbus' },
  { binary: 'avahi-daemon', paths: ['/usr/sbin/avahi-daemon'], apt: 'avahi-daemon' },
];

/** How long each service may take to start listening. */
const SERVICE_START_TIMEOUT_MS = 10_000;
/** Pages per minute ippeveprinter pretends to print at: fast, so a one-page job finishes in about a second. */
const SIMULATED_PAGES_PER_MINUTE = 600;

function locate(): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const r of REQUIRED) {
    const hit = r.paths.find((p) => fs.existsSync(p));
    if (hit) found[r.binary] = hit;
    else missing.push(r.apt);
  }
  if (missing.length > 0) throw new Error(`IPP test printer needs missing packages: apt-get install -y ${[...new Set(missing)].join(' ')}`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, child?: ChildProcess, log?: () => string): Promise<void> {
  const deadline = Date.now() + SERVICE_START_TIMEOUT_MS;
  while (!(await check())) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${log?.() ?? ''}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${SERVICE_START_TIMEOUT_MS} ms: ${log?.() ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, timeout: 30_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

/** Whether avahi answers on the system bus that `env` points at. */
function avahiAnswers(dbusSend: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return exec(dbusSend, ['--system', '--print-reply', '--reply-timeout=2000', '--dest=org.freedesktop.Avahi', '/', 'org.freedesktop.Avahi.Server.GetVersionString'], env).then(
    () => true,
    () => false,
  );
}

/** Whether this process may give a child its own mount namespace (root with util-linux `unshare`). */
async function privateRunDirPossible(): Promise<boolean> {
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/unshare')) return false;
  return exec('/usr/bin/unshare', ['-m', '/bin/sh', '-c', 'mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon'], process.env).then(
    () => true,
    () => false,
  );
}

export async function startIppTestPrinter(queue = 'budayang-test'): Promise<IppTestPrinter> {
  const bin = locate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-ipp-'));
  fs.chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const outputs = new Map<ChildProcess, string>();
  const start = (file: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    outputs.set(child, '');
    const append = (chunk: Buffer) => outputs.set(child, (outputs.get(child)! + chunk.toString()).slice(-4000));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.on('error', () => {});
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // DNS-SD: the machine's avahi if it answers, else a private bus and avahi.
    let env: NodeJS.ProcessEnv = { ...process.env };
    if (!(await avahiAnswers(bin['dbus-send']!, env))) {
      const busSocket = path.join(dir, 'system_bus_socket');
      fs.writeFileSync(
        path.join(dir, 'bus.conf'),
        `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=${busSocket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>\n`,
      );
      const bus = start(bin['dbus-daemon']!, ['--config-file', path.join(dir, 'bus.conf'), '--nofork', '--nopidfile']);
      await waitFor('dbus-daemon', () => fs.existsSync(busSocket), bus, () => outputs.get(bus)!);
      env = { ...env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${busSocket}` };
      fs.writeFileSync(path.join(dir, 'avahi.conf'), '[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=lo\nenable-dbus=yes\n[wide-area]\nenable-wide-area=no\n[publish]\npublish-hinfo=no\npublish-workstation=no\n');
      const avahiArgs = ['-f', path.join(dir, 'avahi.conf'), '--no-drop-root', '--no-chroot', '--no-rlimits', '--no-proc-title'];
      const avahi = (await privateRunDirPossible())
        ? start('/usr/bin/unshare', ['-m', '/bin/sh', '-c', 'mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon && exec "$0" "$@"', bin['avahi-daemon']!, ...avahiArgs], env)
        : start(bin['avahi-daemon']!, avahiArgs, env);
      await waitFor('avahi-daemon', () => avahiAnswers(bin['dbus-send']!, env), avahi, () => outputs.get(avahi)!);
    }

    const ippPort = await freePort();
    const receivedDir = path.join(dir, 'received');
    fs.mkdirSync(receivedDir);
    // No `-n`: with an explicit 127.0.0.1 ippeveprinter fails to open its IPv6 listener.
    const ipp = start(bin.ippeveprinter!, ['-p', String(ippPort), '-k', '-d', receivedDir, '-f', 'application/pdf,image/pwg-raster', '-s', String(SIMULATED_PAGES_PER_MINUTE), 'Budayang Test Printer'], env);
    await waitFor('ippeveprinter', () => portOpen(ippPort), ipp, () => outputs.get(ipp)!);

    // Private cupsd: cupsd refuses to run filters as root, so jobs run as `lp`.
    const cupsPort = await freePort();
    const conf = path.join(dir, 'conf');
    for (const sub of ['conf', 'spool', 'cache', 'state', 'log']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    const spool = path.join(dir, 'spool');
    fs.chmodSync(spool, 0o1777);
    fs.writeFileSync(path.join(conf, 'cupsd.conf'), `Listen 127.0.0.1:${cupsPort}\nLogLevel info\nBrowsing No\nBrowseLocalProtocols none\nDefaultAuthType None\nWebInterface No\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n`);
    fs.writeFileSync(path.join(conf, 'cups-files.conf'), `ServerRoot ${conf}\nRequestRoot ${spool}\nCacheDir ${path.join(dir, 'cache')}\nStateDir ${path.join(dir, 'state')}\nTempDir ${spool}\nErrorLog ${path.join(dir, 'log', 'error_log')}\nAccessLog ${path.join(dir, 'log', 'access_log')}\nPageLog ${path.join(dir, 'log', 'page_log')}\nUser lp\nGroup lp\nSystemGroup root\nSandboxing relaxed\n`);
    const cupsd = start(bin.cupsd!, ['-f', '-c', path.join(conf, 'cupsd.conf'), '-s', path.join(conf, 'cups-files.conf')], env);
    await waitFor('cupsd', () => portOpen(cupsPort), cupsd, () => outputs.get(cupsd)!);

    const server = `127.0.0.1:${cupsPort}`;
    await exec(bin.lpadmin!, ['-p', queue, '-E', '-v', `ipp://127.0.0.1:${ippPort}/ipp/print`, '-m', 'everywhere'], { ...env, CUPS_SERVER: server });
    return { server, queue, receivedDir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
