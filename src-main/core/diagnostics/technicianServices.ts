// The technician module's service as the composition root names it (a file of its own, so the fleet
// module can use it without importing the technician's dependencies).
import type { SelfTestRun } from '../../../src-common/api/technician';
import { serviceId } from '../composition/serviceId';
import type { DiagnosticsBundle } from './diagnosticsBundle';

/** What other modules use of the technician's tools (the fleet's `uploadDiagnostics` command). */
export interface TechnicianService {
  bundle(): DiagnosticsBundle;
  selfTestHistory(limit: number, deviceId?: string): SelfTestRun[];
  /** Builds the bundle and uploads it to the platform under `uploadId`; the outcome as a remote command result. */
  uploadDiagnostics(uploadId: string): Promise<{ readonly outcome: 'done' | 'failed'; readonly detail: string }>;
}
export const TechnicianServiceId = serviceId<TechnicianService>('technician');
