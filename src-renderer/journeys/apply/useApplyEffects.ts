// The journey's effects, each started by a step of the machine and reporting back as events:
// reading the ID card, submitting (one idempotency key per application, reused on retry),
// waiting for the platform's acknowledgement, and fetching related items for the push.
import { useEffect, useRef } from 'react';
import type { IdCardData } from '../../../src-common/api/devices';
import { useKiosk } from '../../app/KioskContext';
import { useErrorSentence } from '../../i18n/useErrorSentence';
import type { ApplyEvent, ApplyState } from './applyMachine';
import { offeredMaterialModes, askedFields, heldTrustLevel } from './journeyTarget';
import type { RelatedOffers } from './ResultStep';

/** How long the reader waits for a card per attempt; the citizen can retry. */
const CARD_WAIT_SECONDS = 60;
/** Each acknowledgement wait; the first answer decides between "submitted" and "queued". */
const ACK_WAIT_SECONDS = 8;

export interface ApplyEffectsOptions {
  readonly state: ApplyState;
  readonly dispatch: (event: ApplyEvent) => void;
  readonly onCardRead: (card: IdCardData) => void;
  readonly onSubmitted: () => void;
  readonly onRelated: (related: RelatedOffers | undefined) => void;
}

export function useApplyEffects(options: ApplyEffectsOptions): void {
  const kiosk = useKiosk();
  const { client } = kiosk;
  const ensureSession = useRef(kiosk.ensureSession);
  ensureSession.current = kiosk.ensureSession;
  const { state, dispatch } = options;
  const latest = useRef(options);
  latest.current = options;
  // Read through a ref: the effects below must not restart when the language changes.
  const sentence = useErrorSentence();
  const errorSentence = useRef(sentence);
  errorSentence.current = sentence;

  // ID card: one WaitForCard per attempt (entering the step, or a retry). The card's own events
  // move the reader state on without ending the attempt; leaving the step cancels it.
  const waitingForCard = state.step.kind === 'identify' && state.step.reader.kind === 'waiting';
  const attemptCounter = useRef(0);
  const wasWaiting = useRef(false);
  if (waitingForCard && !wasWaiting.current) attemptCounter.current++;
  wasWaiting.current = waitingForCard;
  const attempt = state.step.kind === 'identify' ? attemptCounter.current : 0;
  useEffect(() => {
    if (attempt === 0) return;
    const controller = new AbortController();
    void (async () => {
      await ensureSession.current();
      if (controller.signal.aborted) return;
      const result = await client.call(
        'IdCard.WaitForCard',
        { timeoutSeconds: CARD_WAIT_SECONDS },
        {
          signal: controller.signal,
          onEvent: ({ event }) => {
            if (event === 'cardPresent' || event === 'reading') dispatch({ type: 'reader', reader: { kind: event } });
          },
        },
      );
      if (controller.signal.aborted) return;
      if (result.ok) {
        latest.current.onCardRead(result.value.card);
        dispatch({ type: 'cardRead', card: result.value.card });
      } else if (result.error.code !== 'canceled') {
        dispatch({ type: 'reader', reader: result.error.code === 'timeOut' ? { kind: 'failed', reason: 'timeOut' } : { kind: 'failed', reason: 'readError', detail: errorSentence.current('IdCard.WaitForCard', result.error) } });
      }
    })();
    return () => controller.abort();
  }, [attempt, client, dispatch]);

  // Submit: once per entry into "submitting".
  const submitting = state.step.kind === 'submitting';
  useEffect(() => {
    if (!submitting) return;
    const s = latest.current.state;
    const target = s.target;
    if (!target || !s.signaturePng || !s.idempotencyKey || !s.consentAt) {
      dispatch({ type: 'submitFailed', message: 'incomplete application' });
      return;
    }
    const answers: Record<string, string> = {};
    for (const f of askedFields(target)) {
      const value = s.answers[f.key]?.trim();
      if (value) answers[f.key] = value;
    }
    const materials = target.materials.flatMap((m) => {
      const provided = s.materials[m.reuseKey];
      if (!provided || offeredMaterialModes(m.trustLevel).length === 0) return [];
      return [{ materialId: m.id, reuseKey: m.reuseKey, mode: provided.mode, trustLevel: heldTrustLevel(provided.mode, m.trustLevel), images: provided.images.map((i) => ({ ...i })) }];
    });
    void client
      .call('Application.Submit', {
        kind: target.kind,
        id: target.id,
        answers,
        materials,
        signature: { mimeType: 'image/png', base64: s.signaturePng },
        consentAt: s.consentAt,
        idempotencyKey: s.idempotencyKey,
      })
      .then((result) => {
        if (result.ok) {
          latest.current.onSubmitted();
          dispatch({ type: 'submitted', result: result.value });
        } else {
          dispatch({ type: 'submitFailed', message: errorSentence.current('Application.Submit', result.error) });
        }
      });
  }, [submitting, client, dispatch]);

  // Acknowledgement: keep waiting while on the result, so "queued" turns into "submitted" when the network returns.
  const caseNumber = state.step.kind === 'result' ? state.step.result.caseNumber : undefined;
  const initialSync = state.step.kind === 'result' ? state.step.result.syncState : undefined;
  useEffect(() => {
    if (!caseNumber || initialSync !== 'queued') return;
    const controller = new AbortController();
    void (async () => {
      while (!controller.signal.aborted) {
        const r = await client.call('Application.WaitAcknowledged', { caseNumber, timeoutSeconds: ACK_WAIT_SECONDS }, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (!r.ok) {
          // The session ended or the core restarted: say what is known, stop asking.
          dispatch({ type: 'syncState', sync: 'queued' });
          return;
        }
        dispatch({ type: 'syncState', sync: r.value.syncState });
        if (r.value.syncState !== 'queued') return;
      }
    })();
    return () => controller.abort();
  }, [caseNumber, initialSync, client, dispatch]);

  // The proactive push: related items and bundles once a case is accepted.
  const targetIds = state.step.kind === 'result' && state.target ? [state.target.id, ...state.target.itemIds].join(',') : undefined;
  useEffect(() => {
    if (!targetIds) {
      latest.current.onRelated(undefined);
      return;
    }
    let live = true;
    const ids = [...new Set(targetIds.split(','))].slice(0, 20);
    void client.call('Catalog.Related', { ids }).then((r) => live && latest.current.onRelated(r.ok ? r.value : undefined));
    return () => {
      live = false;
    };
  }, [targetIds, client]);
}
