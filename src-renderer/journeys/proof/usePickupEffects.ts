// The 取证 journey's effects: Certificate.Ready on each entry into "loading", Certificate.Print once
// per entry into "printing" (its idempotency key made when the citizen confirmed).
import { useEffect } from 'react';
import { useKiosk } from '../../app/KioskContext';
import { problemOf } from '../shared/problems';
import type { PickupEvent, PickupState } from './pickupMachine';

export function usePickupEffects(state: PickupState, dispatch: (event: PickupEvent) => void): void {
  const { client } = useKiosk();
  const loading = state.kind === 'loading';
  useEffect(() => {
    if (!loading) return;
    let live = true;
    void client.call('Certificate.Ready', {}).then((r) => {
      if (live) dispatch(r.ok ? { type: 'listed', entries: r.value.certificates } : { type: 'listFailed', problem: problemOf('Certificate.Ready', r.error) });
    });
    return () => {
      live = false;
    };
  }, [loading, client, dispatch]);

  const printing = state.kind === 'printing' ? state : undefined;
  useEffect(() => {
    if (!printing) return;
    let live = true;
    void client.call('Certificate.Print', { certificateNumber: printing.entry.certificateNumber, idempotencyKey: printing.key }).then((r) => {
      if (live) dispatch({ type: 'printed', outcome: r.ok ? r.value.print.outcome : problemOf('Certificate.Print', r.error) });
    });
    return () => {
      live = false;
    };
  }, [printing?.key, printing?.entry.certificateNumber, client, dispatch]);
}
