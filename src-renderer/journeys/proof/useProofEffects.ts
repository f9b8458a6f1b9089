// The 打印证明 journey's effects: Proof.Issue once per entry into "issuing", Proof.Print (the same
// key: the proof checked is the proof printed) once per entry into "printing".
import { useEffect } from 'react';
import { useKiosk } from '../../app/KioskContext';
import { problemOf } from '../shared/problems';
import type { ProofEvent, ProofState } from './proofMachine';

export function useProofEffects(state: ProofState, dispatch: (event: ProofEvent) => void): void {
  const { client } = useKiosk();
  const issuing = state.kind === 'issuing' ? state : undefined;
  useEffect(() => {
    if (!issuing) return;
    let live = true;
    void client.call('Proof.Issue', { kind: issuing.proof, idempotencyKey: issuing.key }).then((r) => {
      if (!live) return;
      dispatch(r.ok ? { type: 'issued', preview: r.value } : { type: 'issueFailed', problem: problemOf('Proof.Issue', r.error) });
    });
    return () => {
      live = false;
    };
  }, [issuing?.key, issuing?.proof, client, dispatch]);

  const printing = state.kind === 'printing' ? state : undefined;
  useEffect(() => {
    if (!printing) return;
    let live = true;
    void client.call('Proof.Print', { kind: printing.proof, idempotencyKey: printing.key }).then((r) => {
      if (!live) return;
      dispatch(r.ok ? { type: 'printed', outcome: r.value.print.outcome } : { type: 'printFailed', problem: problemOf('Proof.Print', r.error) });
    });
    return () => {
      live = false;
    };
  }, [printing?.key, printing?.proof, client, dispatch]);
}
