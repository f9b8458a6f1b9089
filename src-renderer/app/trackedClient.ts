// The API client as journeys see it: the same calls, with the session activity rule applied on
// the way (every event of a call or subscription is activity; the commands that hold a session
// hold it until they complete). Journeys cannot forget to tell the idle timer about a payment.
import type { ApiClient, ApiEvent, CallOptions } from '../../src-common/api/client';
import type { InputOf } from '../../src-common/api/contract';
import type { MethodName, Methods } from '../../src-common/api';
import { holdsSession } from '../../src-common/session/sessionActivity';
import type { SessionActivity } from './sessionActivity';

export type KioskClient = Pick<ApiClient, 'call' | 'subscribe'>;

/** What a cash call has taken so far, from its `noteStacked` event (any other event: nothing). */
function paidSoFar(event: { readonly event: string; readonly payload: unknown }): number | undefined {
  if (event.event !== 'noteStacked') return undefined;
  const payload = event.payload;
  return typeof payload === 'object' && payload !== null && 'paidFen' in payload && typeof payload.paidFen === 'number' ? payload.paidFen : undefined;
}

export function trackedClient(client: ApiClient, activity: SessionActivity): KioskClient {
  return {
    call<M extends MethodName>(name: M, input: InputOf<Methods[M]>, options: CallOptions<M> = {}) {
      const hold = holdsSession(name) ? activity.hold(name) : undefined;
      const onEvent = options.onEvent;
      const tracked: CallOptions<M> = {
        ...options,
        onEvent: (event) => {
          activity.touch();
          const paid = paidSoFar(event);
          if (paid !== undefined) hold?.paid(paid);
          onEvent?.(event);
        },
      };
      return client.call(name, input, tracked).finally(() => hold?.release());
    },
    subscribe<M extends MethodName>(name: M, input: InputOf<Methods[M]>, onEvent: (event: ApiEvent<M>) => void) {
      return client.subscribe(name, input, (event) => {
        activity.touch();
        onEvent(event);
      });
    },
  };
}
