// The journey's effects, each started by a step of the machine and reporting back as events:
// fetching the chosen item or bundle (with what the session can offer it), reading the ID card
// (only the fields this application uses), submitting (one idempotency key per application,
// reused on retry), waiting for the platform's acknowledgement, and fetching the push.
import { useEffect, useRef } from 'react';
import type { IdCardData } from '../../../src-common/api/devices';
import type { IdCardField } from '../../../src-common/privacy/idCardFields';
import { useKiosk } from '../../app/KioskContext';
import { err, ok, type Result } from '../../../src-common/result';
import { problemOf, type ServiceProblem } from '../shared/problems';
import { useCardRead } from '../shared/useCardRead';
import type { ApiClient } from '../../../src-common/api/client';
import type { ApplyEvent, ApplyState, CatalogChoice } from './applyMachine';
import { askedFields, cardFieldsToRead, heldTrustLevel, offeredMaterialModes, targetFromBundle, targetFromItem, type JourneyTarget } from './journeyTarget';
import type { offersFor } from './sessionMemory';
import type { RelatedOffers } from './ResultStep';

export interface ApplyEffectsOptions {
  readonly state: ApplyState;
  readonly dispatch: (event: ApplyEvent) => void;
  /** What this session already collected that the target can use (信息一次采集、反复通用). */
  readonly offers: (target: JourneyTarget) => ReturnType<typeof offersFor>;
  readonly onCardRead: (card: IdCardData, fields: readonly IdCardField[]) => void;
  readonly onSubmitted: () => void;
  readonly onRelated: (related: RelatedOffers | undefined) => void;
}

export function useApplyEffects(options: ApplyEffectsOptions): void {
  const kiosk = useKiosk();
  const { client } = kiosk;
  const { state, dispatch } = options;
  const latest = useRef(options);
  latest.current = options;
  const ackWaitSeconds = kiosk.status.ui.acknowledgementWaitSeconds;

  // The chosen item or bundle: once per entry into "loading".
  const choice = state.step.kind === 'loading' ? state.step.choice : undefined;
  useEffect(() => {
    if (!choice) return;
    let live = true;
    void loadTarget(client, choice).then((target) => {
      if (!live) return;
      if (!target.ok) return dispatch({ type: 'loadFailed', problem: target.error });
      const offers = latest.current.offers(target.value);
      dispatch({ type: 'loaded', target: target.value, reusedAnswers: offers.answers, reusedMaterials: offers.materials });
    });
    return () => {
      live = false;
    };
  }, [choice, client, dispatch]);

  // ID card: one read per attempt of the identify step, of the fields this application uses.
  const fields = state.target ? cardFieldsToRead(state.target) : [];
  useCardRead(state.step.kind === 'identify' ? state.step.attempt : 0, fields, {
    reader: (reader) => dispatch({ type: 'reader', reader }),
    read: (card) => {
      latest.current.onCardRead(card, fields);
      dispatch({ type: 'cardRead', card, fields });
    },
  });

  // Submit: once per entry into "submitting".
  const submitting = state.step.kind === 'submitting';
  useEffect(() => {
    if (!submitting) return;
    const s = latest.current.state;
    const target = s.target;
    if (!target || !s.signaturePng || !s.idempotencyKey || (!s.consentAt && target.identity === 'idCard')) {
      // Not sent: the screen lacks what Application.Submit needs, which is what its malformedInput says.
      dispatch({ type: 'submitFailed', problem: { method: 'Application.Submit', error: { code: 'invalidData', errorCode: 'malformedInput' } } });
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
        // A declared identity has no card consent: the declaration signed now is the consent.
        consentAt: s.consentAt ?? new Date().toISOString(),
        idempotencyKey: s.idempotencyKey,
      })
      .then((result) => {
        if (result.ok) {
          latest.current.onSubmitted();
          dispatch({ type: 'submitted', result: result.value });
        } else {
          dispatch({ type: 'submitFailed', problem: problemOf('Application.Submit', result.error) });
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
        const r = await client.call('Application.WaitAcknowledged', { caseNumber, timeoutSeconds: ackWaitSeconds }, { signal: controller.signal });
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
  }, [caseNumber, initialSync, client, dispatch, ackWaitSeconds]);

  // The proactive push: related items and bundles once a case is accepted, never one containing what was just submitted.
  const targetIds = state.step.kind === 'result' && state.target ? [state.target.id, ...state.target.itemIds].join(',') : undefined;
  useEffect(() => {
    if (!targetIds) {
      latest.current.onRelated(undefined);
      return;
    }
    let live = true;
    const ids = [...new Set(targetIds.split(','))].slice(0, 20);
    void client.call('Catalog.Related', { ids }).then((r) => {
      if (!live) return;
      if (!r.ok) return latest.current.onRelated(undefined);
      const submitted = new Set(ids);
      latest.current.onRelated({ items: r.value.items.filter((i) => !submitted.has(i.id)), bundles: r.value.bundles.filter((b) => !b.items.some((i) => submitted.has(i))) });
    });
    return () => {
      live = false;
    };
  }, [targetIds, client]);
}

async function loadTarget(client: Pick<ApiClient, 'call'>, choice: CatalogChoice): Promise<Result<JourneyTarget, ServiceProblem>> {
  if (choice.kind === 'item') {
    const r = await client.call('Catalog.Item', { id: choice.id });
    return r.ok ? ok(targetFromItem(r.value)) : err(problemOf('Catalog.Item', r.error));
  }
  const r = await client.call('Catalog.Bundle', { id: choice.id });
  return r.ok ? ok(targetFromBundle(r.value)) : err(problemOf('Catalog.Bundle', r.error));
}
