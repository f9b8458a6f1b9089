// The API client as journeys see it: the same calls, with the session activity rule applied on
// the way (every event of a call or subscription is activity; the commands that hold a session
// hold it until they complete). Journeys cannot forget to tell the idle timer about a payment.
import type { ApiClient, CallOptions } from '../../src-common/api/client';
import type { InputOf } from '../../src-common/api/contract';
import type { MethodName, Methods } from '../../src-common/api';
import { holdsSession } from '../../src-common/session/sessionActivity';
import type { SessionActivity } from './sessionActivity';

export type KioskClient = Pick<ApiClient, 'call' | 'subscribe'>;

export function trackedClient(client: ApiClient, activity: SessionActivity): KioskClient {
  return {
    call<M extends MethodName>(name: M, input: InputOf<Methods[M]>, options: CallOptions<M> = {}) {
      const hold = holdsSession(name) ? activity.hold(name) : undefined;
      const onEvent = options.onEvent;
      const tracked: CallOptions<M> = {
        ...options,
        onEvent: (event, payload) => {
          activity.touch();
          const paid = (payload as { paidFen?: unknown } | undefined)?.paidFen;
          if (event === 'noteStacked' && typeof paid === 'number') hold?.paid(paid);
          onEvent?.(event, payload);
        },
      };
      return client.call(name, input, tracked).finally(() => hold?.release());
    },
    subscribe<M extends MethodName>(name: M, input: InputOf<Methods[M]>, onEvent: (event: string, payload: unknown) => void) {
      return client.subscribe(name, input, (event, payload) => {
        activity.touch();
        onEvent(event, payload);
      });
    },
  };
}
