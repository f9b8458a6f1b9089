// The 查询 journey's effects: the scanner listens while the number is being entered, and the
// platform is asked once per entry into "querying".
import { useEffect, useRef } from 'react';
import { useKiosk } from '../../app/KioskContext';
import { problemOf } from '../shared/problems';
import type { QueryEvent, QueryState } from './queryMachine';

export function useQueryEffects(state: QueryState, dispatch: (event: QueryEvent) => void): void {
  const kiosk = useKiosk();
  const { client } = kiosk;
  const ensureSession = useRef(kiosk.ensureSession);
  ensureSession.current = kiosk.ensureSession;

  const entering = state.kind === 'enter';
  useEffect(() => {
    if (!entering) return;
    let stop: (() => void) | undefined;
    let live = true;
    void ensureSession.current().then(() => {
      if (!live) return;
      stop = client.subscribe('Scanner.Scans', {}, ({ payload: scan }) => {
        if (scan.kind === 'caseNumber') dispatch({ type: 'scanned', text: scan.text });
      });
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [entering, client, dispatch]);

  const caseNumber = state.kind === 'querying' ? state.caseNumber : undefined;
  useEffect(() => {
    if (!caseNumber) return;
    let live = true;
    void (async () => {
      await ensureSession.current();
      const r = await client.call('Case.Query', { caseNumber });
      if (!live) return;
      if (r.ok) dispatch({ type: 'found', result: r.value });
      else dispatch({ type: 'failed', problem: r.error.errorCode === 'caseNotFound' ? { kind: 'notFound', caseNumber } : { kind: 'failed', failure: problemOf('Case.Query', r.error) } });
    })();
    return () => {
      live = false;
    };
  }, [caseNumber, client, dispatch]);
}
