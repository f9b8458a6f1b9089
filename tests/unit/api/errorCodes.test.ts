// A method's failures travel as its own error codes: the completion carries `errorCode` and the
// numbers for the sentence, the client hands them on, the handler's type refuses a code the method
// does not declare, and the router drops one that slips through (logging it).
import { describe, expect, it } from 'vitest';
import { ApiClient, type ClientSocket } from '../../../src-common/api/client';
import { apiError } from '../../../src-common/api/envelope';
import type { Logger } from '../../../src-common/logging';
import { err } from '../../../src-common/result';
import { ApiRouter, type ApiConnection } from '../../../src-main/core/api/ApiRouter';

interface Sent {
  readonly type: string;
  readonly requestId: string;
  readonly completionCode?: string;
  readonly errorCode?: string;
  readonly errorParams?: Record<string, number>;
  readonly errorDescription?: string;
}

function rig() {
  const logged: Array<{ event: string; fields: unknown }> = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (event: string, fields: unknown) => void logged.push({ event, fields }),
    child: () => log,
  } as unknown as Logger;
  const router = new ApiRouter(log);
  const sent: Sent[] = [];
  const connection: ApiConnection = { id: 'c1', send: (m) => sent.push(m as Sent) };
  router.attach(connection);
  const completion = async (name: string, payload: unknown) => {
    await router.dispatch(connection, name, `r${sent.length}`, payload);
    return sent.filter((m) => m.type === 'completion').at(-1)!;
  };
  return { router, completion, logged, connection };
}

describe('method error codes on the wire', () => {
  it('a declared error code and its numbers reach the completion beside the English description', async () => {
    const { router, completion } = rig();
    router.register('Diagnostics.Enter', async () => err(apiError('unauthorized', 'wrongPin', 'wrong PIN; 4 attempts left', { attemptsLeft: 4 })));
    expect(await completion('Diagnostics.Enter', { pin: '1234' })).toMatchObject({
      completionCode: 'unauthorized',
      errorCode: 'wrongPin',
      errorParams: { attemptsLeft: 4 },
      errorDescription: 'wrong PIN; 4 attempts left',
    });
  });

  it('a code the method does not declare fails the typecheck, and if it slips through the router drops it and logs it', async () => {
    const { router, completion, logged } = rig();
    // @ts-expect-error: 'notAThing' is not one of Case.Query's error codes (tsc fails if this line compiles).
    router.register('Case.Query', async () => err(apiError('deviceNotReady', 'notAThing', 'made up')));
    const answer = await completion('Case.Query', { caseNumber: 'TEST01-20261126-0001' });
    expect(answer.completionCode).toBe('deviceNotReady');
    expect(answer.errorCode).toBeUndefined();
    expect(logged).toEqual([{ event: 'api.undeclared_error_code', fields: { method: 'Case.Query', errorCode: 'notAThing' } }]);
  });

  it('API-layer failures (validation, unknown method) carry no method error code', async () => {
    const { router, completion } = rig();
    router.register('Case.Query', async () => err(apiError('deviceNotReady', 'platformUnavailable', 'unreachable')));
    const invalid = await completion('Case.Query', { caseNumber: 'not a case number' });
    const unknown = await completion('Case.Nonsense', {});
    expect(unknown).toMatchObject({ completionCode: 'invalidCommand' });
    expect(unknown.errorCode).toBeUndefined();
    expect(invalid.completionCode).toBe('invalidData');
    expect(invalid.errorCode).toBeUndefined();
  });

  it('the client hands the code and numbers to the caller', async () => {
    const { router } = rig();
    router.register('Diagnostics.Enter', async () => err(apiError('unauthorized', 'lockedOut', 'too many wrong PINs', { minutesLeft: 15 })));
    const socket: ClientSocket = { send: (data) => void router.handleRaw(conn, data), close: () => {}, onopen: null, onmessage: null, onclose: null, onerror: null };
    const conn: ApiConnection = { id: 'client', send: (m) => socket.onmessage?.({ data: JSON.stringify(m) }) };
    router.attach(conn);
    const client = new ApiClient(() => {
      queueMicrotask(() => socket.onopen?.());
      return socket;
    });
    const result = await client.call('Diagnostics.Enter', { pin: '1234' });
    expect(result).toEqual({ ok: false, error: { code: 'unauthorized', errorCode: 'lockedOut', params: { minutesLeft: 15 }, description: 'too many wrong PINs' } });
    client.close();
  });
});
