// One ID card read per attempt, reading only the fields the service uses (PIPL minimum necessary).
// The reader's progress and the outcome come back as callbacks; the shell learns whose session it
// is (the header shows the masked name). Leaving the step cancels the read.
import { useEffect, useRef } from 'react';
import type { IdCardData } from '../../../src-common/api/devices';
import type { IdCardField } from '../../../src-common/privacy/idCardFields';
import { deviceWaitSeconds } from '../../app/deviceWaits';
import { useKiosk } from '../../app/KioskContext';
import type { ReaderState } from './cardSteps';

export interface CardReadHandlers {
  readonly reader: (reader: ReaderState) => void;
  /** The card was read and its number passed the check. */
  readonly read: (card: IdCardData) => void;
}

/** Starts a read whenever `attempt` changes to a positive number; 0 = not on the card step. */
export function useCardRead(attempt: number, fields: readonly IdCardField[], handlers: CardReadHandlers): void {
  const kiosk = useKiosk();
  const latest = useRef({ handlers, kiosk, fields });
  latest.current = { handlers, kiosk, fields };
  const { client } = kiosk;
  const waitSeconds = deviceWaitSeconds(kiosk.status.ui, kiosk.elderly, 'IdCard.WaitForCard');
  useEffect(() => {
    if (attempt === 0) return;
    const controller = new AbortController();
    void (async () => {
      await latest.current.kiosk.ensureSession();
      if (controller.signal.aborted) return;
      const result = await client.call('IdCard.WaitForCard', { timeoutSeconds: waitSeconds, fields: [...latest.current.fields] }, {
        signal: controller.signal,
        onEvent: ({ event }) => {
          if (event === 'cardPresent' || event === 'reading') latest.current.handlers.reader({ kind: event });
        },
      });
      if (controller.signal.aborted) return;
      if (result.ok) {
        const card = result.value.card;
        if (!card.checkDigitValid) return latest.current.handlers.reader({ kind: 'failed', reason: 'badCheck' });
        latest.current.kiosk.cardRead(card.name);
        latest.current.handlers.read(card);
      } else if (result.error.code !== 'canceled') {
        latest.current.handlers.reader({ kind: 'failed', reason: 'readError', error: result.error });
      }
    })();
    return () => controller.abort();
  }, [attempt, client, waitSeconds]);
}
