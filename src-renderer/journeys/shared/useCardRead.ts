// One ID card read per attempt, for journeys that only need to know who the citizen is (proofs,
// certificate pickup). The read card stays in the core's session; the screen learns only that it
// was read and whether its number passed the check.
import { useEffect } from 'react';
import { useKiosk } from '../../app/KioskContext';
import type { ReaderState } from '../apply/applyMachine';
import { useErrorSentence } from '../../i18n/useErrorSentence';

/** How long the reader waits for a card before offering a retry. */
export const CARD_WAIT_SECONDS = 60;

/** Starts a read whenever `attempt` changes to a positive number; leaving cancels it. */
export function useCardRead(attempt: number, on: { readonly reader: (reader: ReaderState) => void; readonly read: () => void }): void {
  const kiosk = useKiosk();
  const errorSentence = useErrorSentence();
  useEffect(() => {
    if (attempt === 0) return;
    const controller = new AbortController();
    void (async () => {
      await kiosk.ensureSession();
      const result = await kiosk.client.call('IdCard.WaitForCard', { timeoutSeconds: CARD_WAIT_SECONDS }, {
        signal: controller.signal,
        onEvent: ({ event }) => {
          if (event === 'cardPresent' || event === 'reading') on.reader({ kind: event });
        },
      });
      if (controller.signal.aborted) return;
      if (result.ok) {
        if (result.value.card.checkDigitValid) on.read();
        else on.reader({ kind: 'failed', reason: 'badCheck' });
      } else if (result.error.code !== 'canceled') {
        on.reader(result.error.code === 'timeOut' ? { kind: 'failed', reason: 'timeOut' } : { kind: 'failed', reason: 'readError', detail: errorSentence('IdCard.WaitForCard', result.error) });
      }
    })();
    return () => controller.abort();
    // `on` is a fresh object each render; the attempt number alone decides when to read.
  }, [attempt]);
}
