// Resolves what a payable costs: a case fee from the cases of this session (the applications
// service), a payment notice from the platform. The amount never comes from the renderer.
import type { Payable } from '../../../../src-common/api/fees';
import { err, ok, type Result } from '../../../../src-common/result';
import { describeFailure } from '../../sync/PlatformClient';
import type { PaymentGateway } from '../qr/PaymentGatewayClient';
import type { PaymentRecords } from './PaymentRecords';
import { serviceId } from '../../composition/serviceId';
import type { Fen } from '../../../../src-common/domain/money';

/**
 * What the fees domain needs from the applications domain: the fee of a case submitted in the
 * current session (the applications module provides it; a test may provide its own).
 */
export interface SessionCaseFees {
  /** The case's fee, or undefined when it is not a case of the current session. */
  caseFee(caseNumber: string): CaseFee | undefined;
  /** Marks the case's fee paid; called inside the payment record's transaction. */
  markPaid?(caseNumber: string, paidAt: string): void;
}

/** The fees of this session's cases (applications module). */
export const SessionCaseFeesId = serviceId<SessionCaseFees>('caseFees');

export interface CaseFee {
  readonly caseNumber: string;
  /** The service's name, e.g. {zh: '居住证办理', en: 'Residence permit'}. */
  readonly name: { readonly zh: string; readonly en: string };
  readonly feeFen: Fen;
  /** Payee department; default the hall. */
  readonly payee?: { readonly zh: string; readonly en: string };
  /** Masked applicant name (e.g. 王**); default a dash. */
  readonly payerMasked?: string;
  /** Already paid as far as the applications service knows. */
  readonly paid?: boolean;
}

export interface ResolvedPayable {
  readonly payable: Payable;
  readonly itemName: { readonly zh: string; readonly en: string };
  readonly payee: { readonly zh: string; readonly en: string };
  readonly payerMasked: string;
  readonly amountFen: Fen;
  readonly status: 'unpaid' | 'paid';
}

/** Why a payable could not be resolved; the module maps each to a completion code. */
export type LookupFailure =
  // not a case of this session / no notice with this number
  | { readonly kind: 'notFound'; readonly message: string }
  // a notice needs the platform and it could not be asked
  | { readonly kind: 'platformUnavailable'; readonly message: string };

export interface PayableResolverOptions {
  readonly caseFees: () => SessionCaseFees | undefined;
  readonly gateway: PaymentGateway;
  readonly records: PaymentRecords;
  readonly hallName: { readonly zh: string; readonly en: string };
}

export class PayableResolver {
  constructor(private readonly options: PayableResolverOptions) {}

  async resolve(payable: Payable): Promise<Result<ResolvedPayable, LookupFailure>> {
    const paidHere = this.options.records.paidRecord(payable) !== undefined;
    switch (payable.kind) {
      case 'case': {
        const source = this.options.caseFees();
        const fee = source?.caseFee(payable.caseNumber);
        if (!fee) return err({ kind: 'notFound', message: source ? `case ${payable.caseNumber} is not a case of this session` : 'no applications service is running: session cases cannot be paid' });
        return ok({
          payable,
          itemName: fee.name,
          payee: fee.payee ?? this.options.hallName,
          payerMasked: fee.payerMasked ?? '—',
          amountFen: fee.feeFen,
          status: paidHere || fee.paid === true ? 'paid' : 'unpaid',
        });
      }
      case 'notice': {
        // Notices live at the platform; there is no offline copy to trust.
        const answer = await this.options.gateway.notice(payable.noticeNumber);
        if (!answer.ok) {
          if (answer.error.kind === 'http' && answer.error.status === 404) return err({ kind: 'notFound', message: `no payment notice ${payable.noticeNumber}` });
          return err({ kind: 'platformUnavailable', message: `payment notices are looked up online and the platform cannot be reached (${describeFailure(answer.error)}); cash works offline only for cases of this session` });
        }
        const n = answer.value;
        return ok({ payable, itemName: n.itemName, payee: n.payee, payerMasked: n.payerMasked, amountFen: n.amountFen, status: n.status === 'paid' || paidHere ? 'paid' : 'unpaid' });
      }
      default: {
        const never: never = payable;
        throw new Error(`unknown payable ${JSON.stringify(never)}`);
      }
    }
  }
}
