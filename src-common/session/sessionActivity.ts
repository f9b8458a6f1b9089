// When a citizen session counts as active without a touch (issue #16, defect 2): the renderer's
// idle timer and the core's backstop expiry follow the same rule. Any event of one of the
// session's own commands (a card placed, a note stacked, a code scanned) is activity; and while
// money or a document is in flight the session never ends by idleness, whatever the clock says.
import type { MethodName } from '../api';

/** Commands that hold the session open while they run: money moving, or a record or document being made. */
export const SESSION_HOLDING_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'Cash.Start',
  'Fee.PayCash',
  'Qr.PayByDisplayedCode',
  'Qr.PayByPaymentCode',
  'Application.Submit',
  'Proof.Print',
  'Certificate.Print',
]);

export function holdsSession(name: MethodName): boolean {
  return SESSION_HOLDING_METHODS.has(name);
}
