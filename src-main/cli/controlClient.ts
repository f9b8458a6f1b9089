// The CLI's door to the core (design.md §7, docs/technicians.md): through the running core's
// control channel when one runs on the data directory (its 0600 control endpoint file), else a
// core built in-process (which takes the data directory's lock) reached over an in-memory socket
// with the same technician role. Either way the command runs in the core's own services.
// One-shot by design: unlike the renderer's ApiClient it never reconnects — a CLI command fails
// with the reason instead of waiting for a core that went away.
import { WebSocket } from 'ws';
import type { MethodName, Methods } from '../../src-common/api';
import type { CallError, ClientSocket } from '../../src-common/api/client';
import type { InputOf, OutputOf } from '../../src-common/api/contract';
import { parseEnvelope } from '../../src-common/api/envelope';
import { err, ok, type Result } from '../../src-common/result';
import { readControlEndpoint } from '../core/diagnostics/controlEndpoint';
import { API_PATH, API_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../server/ApiServer';
import type { CliContext } from './command';

/** How long the CLI waits for the running core to accept its connection. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface TechnicianChannel {
  /** `running core (pid N)` or `in-process core`: said on stderr by commands in their human mode. */
  readonly via: string;
  readonly kind: 'runningCore' | 'inProcess';
  call<M extends MethodName>(name: M, input: InputOf<Methods[M]>, options?: { readonly signal?: AbortSignal }): Promise<Result<OutputOf<Methods[M]>, CallError<M>>>;
  close(): Promise<void>;
}

/** Connects to the running core's control channel; undefined when no core runs on `dataDir`. */
export async function connectToRunningCore(dataDir: string): Promise<Result<TechnicianChannel | undefined, string>> {
  const endpoint = readControlEndpoint(dataDir);
  if (!endpoint.ok) return err(endpoint.error);
  if (!endpoint.value) return ok(undefined);
  const { port, credential, pid } = endpoint.value;
  const socket = new WebSocket(`ws://127.0.0.1:${port}${API_PATH}`, [API_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${credential}`]);
  const opened = await new Promise<Result<void, string>>((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(err(`the core (pid ${pid}) did not accept the control connection within ${CONNECT_TIMEOUT_MS / 1000} s`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(ok(undefined));
    });
    socket.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(err(`the core (pid ${pid}) refused the control connection: HTTP ${res.statusCode}${res.statusCode === 401 ? ' (stale control endpoint file?)' : ''}`));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      resolve(err(`cannot reach the core (pid ${pid}) on 127.0.0.1:${port}: ${e.message}`));
    });
  });
  if (!opened.ok) return opened;
  const client = new OneShotClient(socket as unknown as ClientSocket);
  return ok({
    via: `running core (pid ${pid})`,
    kind: 'runningCore',
    call: (name, input, options) => client.call(name, input, options),
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve() : socket.once('close', () => resolve())));
    },
  });
}

/**
 * The running core's channel, else a core built in-process with the profile of `--profile` /
 * $BUDAYANG_PROFILE (default demo, as `budayang start`). The in-process core takes the OS lock:
 * a core that is starting (lock held, no endpoint yet) makes this fail with who holds it.
 */
export async function openTechnicianChannel(ctx: CliContext, profile?: string): Promise<Result<TechnicianChannel, string>> {
  const running = await connectToRunningCore(ctx.dataDir);
  if (!running.ok) return running;
  if (running.value) return ok(running.value);
  const { createKioskCore } = await import('../core/createKioskCore');
  const { createInMemorySocket } = await import('../core/api/inMemorySocket');
  let core: Awaited<ReturnType<typeof createKioskCore>>;
  try {
    core = await createKioskCore({ dataDir: ctx.dataDir, profile: profile ?? ctx.env.BUDAYANG_PROFILE ?? 'demo', logger: {} });
  } catch (e) {
    return err((e as Error).message);
  }
  const client = new OneShotClient(createInMemorySocket(core.router, 'technician'));
  return ok({
    via: 'in-process core',
    kind: 'inProcess',
    call: (name, input, options) => client.call(name, input, options),
    close: async () => {
      client.close();
      await core.stop();
    },
  });
}

interface Pending {
  readonly resolve: (result: Result<unknown, { code: string; description?: string; errorCode?: string }>) => void;
}

/** Commands and completions over one open socket; a closed socket fails what is pending. */
class OneShotClient {
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly socket: ClientSocket) {
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = () => this.failAll('the core closed the connection');
  }

  call<M extends MethodName>(name: M, input: InputOf<Methods[M]>, options: { readonly signal?: AbortSignal } = {}): Promise<Result<OutputOf<Methods[M]>, CallError<M>>> {
    if (this.closed) return Promise.resolve(err({ code: 'canceled', description: 'connection closed' }));
    const requestId = `cli${this.nextId++}`;
    return new Promise((resolve) => {
      this.pending.set(requestId, { resolve: resolve as Pending['resolve'] });
      options.signal?.addEventListener('abort', () => this.send({ name: 'Common.Cancel', requestId: `${requestId}-cancel`, type: 'command', payload: { requestIds: [requestId] } }), { once: true });
      this.send({ name, requestId, type: 'command', payload: input });
    });
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.failAll('client closed');
  }

  private send(message: unknown): void {
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      this.failAll('the connection is gone');
    }
  }

  private failAll(description: string): void {
    for (const p of this.pending.values()) p.resolve(err({ code: 'canceled', description }));
    this.pending.clear();
  }

  private onMessage(data: unknown): void {
    const parsed = parseEnvelope(data);
    if (!parsed) return;
    if (parsed.type !== 'completion') return;
    const p = this.pending.get(parsed.requestId);
    if (!p) return;
    this.pending.delete(parsed.requestId);
    p.resolve(
      parsed.completionCode === 'success'
        ? ok(parsed.payload)
        : err({ code: parsed.completionCode, ...(parsed.errorDescription ? { description: parsed.errorDescription } : {}), ...(parsed.errorCode ? { errorCode: parsed.errorCode } : {}) }),
    );
  }
}

/** One line for a failed call: the core's description, else its codes. */
export function describeCallError(error: { readonly code: string; readonly description?: string; readonly errorCode?: string }): string {
  return `${error.description ?? error.code}${error.errorCode ? ` (${error.errorCode})` : ''}`;
}
