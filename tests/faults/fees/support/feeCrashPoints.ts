// The 缴费 crash matrix's vocabulary, shared by the worker (which dies at the point) and the rig
// (which reboots and checks): every boundary of a cash or QR payment where a power cut can land.
import { alertsModule } from '../../../../src-main/core/alerts/alertsModule';
import type { CoreModule } from '../../../../src-main/core/composition/CoreModule';
import { devicesModule } from '../../../../src-main/core/devices/devicesModule';
import { cashModule } from '../../../../src-main/core/payments/cashModule';
import { feesModule } from '../../../../src-main/core/payments/fees/feesModule';
import { printingModule } from '../../../../src-main/core/printing/printingModule';
import { storageModule } from '../../../../src-main/core/storage/storageModule';
import { platformModule } from '../../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../../src-main/core/sync/syncModule';

export type CrashPoint =
  | 'cash.started' // the cash-in (with its payable) is journaled; no note yet
  | 'cash.secondNoteInEscrow' // one note stacked; the second accepted (write-ahead) but still in escrow
  | 'cash.stackedBeforeJournal' // the last note reached the cash box; its entry is not written
  | 'cash.lastNoteJournaled' // the last note is journaled; the cash-in has not ended
  | 'cash.paidBeforeRecord' // the cash-in's end `paid` is written; the payment record is not
  | 'cash.canceledBeforeClaim' // canceled with a note stacked: the end is written, the claim is not
  | 'receipt.recordedBeforeReceipt' // the payment is recorded; its receipt was not sent to the printer
  | 'receipt.printing' // the payment receipt's job is journaled `printing`; no outcome yet
  | 'qr.orderCreatedAtPlatform' // the platform holds the order; the kiosk still has it `creating`
  | 'qr.shown' // the displayed QR's order is `created` (about to be shown)
  | 'qr.userPaying' // the wallet app scanned it; the payer is confirming
  | 'qr.codeScanned' // the citizen's payment code was read (`paying`); the micropay is not sent
  | 'qr.micropaySent' // the micropay charged the code; the kiosk has not handled the answer
  | 'qr.paidBeforeRecord'; // the platform answered `paid`; the payment record is not written

/** The payment the worker runs (always for a seeded payment notice). */
export type Journey =
  | { readonly kind: 'cash'; readonly noticeNumber: string } // Fee.PayCash, notes queued in the acceptor beforehand
  | { readonly kind: 'cashCancelAfterFirstNote'; readonly noticeNumber: string } // Fee.PayCash canceled once one note is in
  | { readonly kind: 'qrDisplayed'; readonly noticeNumber: string } // Qr.PayByDisplayedCode; the "wallet" scans and pays
  | { readonly kind: 'qrPaymentCode'; readonly noticeNumber: string; readonly paymentCode: string }; // Qr.PayByPaymentCode

/** The modules of both the worker and the rebooted core: a kiosk that takes fees. */
export const FEE_CRASH_MODULES: readonly CoreModule[] = [devicesModule, storageModule, alertsModule, printingModule, platformModule, cashModule, feesModule, syncModule];

/** Seeded notices of the reference platform (platform/server/paymentsLedger.ts). */
export const NOTICE_50 = '42020026112600012345';
export const NOTICE_120 = '42020026112600012346';
/** The gateway simulator answers by the code's last two digits: 00 paid at once, 91 user-paying then paid. */
export const CODE_PAID = '134567890123456700';
export const CODE_USER_PAYING = '134567890123456791';
