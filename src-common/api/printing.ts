// Printing: printer status, jobs and their outcomes, the test page and the receipt preview the
// technician's diagnostics use. Journeys print through the core's print service, not this API.
import { z } from 'zod';
import { defineMethod, defineUnsolicited } from './contract';
import { DeviceStatus } from '../domain/device';

export const PrintJobState = z.enum([
  'queued', // accepted, waiting for its printer
  'printing', // bytes or the file are on their way
  'printed', // the printer confirmed it (clean status after the job, or CUPS completed)
  'failed', // it did not print, or not completely; it will not be printed again by itself
  'unknown', // sent, but the printer could not confirm (one-way link, no final state in time)
]);
export type PrintJobState = z.infer<typeof PrintJobState>;

export const PrintDocumentKind = z.enum(['acceptance', 'payment', 'refundClaim', 'cashCollection', 'testPage', 'proof', 'certificate', 'calibration']);
export type PrintDocumentKind = z.infer<typeof PrintDocumentKind>;

export const PrinterClass = z.enum(['receiptPrinter', 'a4Printer', 'certificatePrinter']);
export type PrinterClass = z.infer<typeof PrinterClass>;

export const PrintJobRecord = z.object({
  jobId: z.string(),
  deviceId: z.string(),
  printerClass: PrinterClass,
  document: PrintDocumentKind,
  state: PrintJobState,
  /** Technician-facing English cause when not printed; never PII. */
  reason: z.string().optional(),
  /** UTC ISO-8601. */
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type PrintJobRecord = z.infer<typeof PrintJobRecord>;

export const PrinterInfo = z.object({
  deviceId: z.string(),
  printerClass: PrinterClass,
  driver: z.string(),
  /** Endpoint, e.g. `/dev/ttyUSB0@115200`, `cups://localhost:631/A4`. */
  endpoint: z.string(),
  status: DeviceStatus,
  queuedJobs: z.number().int().nonnegative(),
});
export type PrinterInfo = z.infer<typeof PrinterInfo>;

export const ReceiptSample = z.enum(['acceptance', 'payment', 'refundClaim', 'cashCollection', 'testPage']);
export type ReceiptSample = z.infer<typeof ReceiptSample>;

export const ReceiptPreview = z.object({
  /** Text lines as the simulator decoded them from the ESC/POS bytes (raster lines as `[raster WxH]`). */
  lines: z.array(z.string()),
  /** QR payloads decoded from GS ( k. */
  qrCodes: z.array(z.string()),
  /** Lines that went out as raster because the printer font lacks a character. */
  rasterLines: z.number().int().nonnegative(),
  byteLength: z.number().int().nonnegative(),
  /** receiptline's SVG rendering of the same document, for the screen. */
  svg: z.string(),
});
export type ReceiptPreview = z.infer<typeof ReceiptPreview>;

export const printingMethods = {
  'Printing.Status': defineMethod({
    name: 'Printing.Status',
    input: z.object({}).strict(),
    output: z.object({ printers: z.array(PrinterInfo) }),
    summary: 'Every configured printer with its status and queue length.',
  }),
  'Printing.TestPage': defineMethod({
    name: 'Printing.TestPage',
    input: z.object({ deviceId: z.string().max(64).optional() }).strict(),
    output: PrintJobRecord,
    errors: [
      'noReceiptPrinter', // no (such) receipt printer is configured
    ],
    summary: 'Prints the test page on a receipt printer (the first one when no id is given) and reports the outcome.',
  }),
  'Printing.PreviewReceipt': defineMethod({
    name: 'Printing.PreviewReceipt',
    input: z.object({ sample: ReceiptSample }).strict(),
    output: ReceiptPreview,
    summary: 'Renders a sample receipt to ESC/POS and decodes it back through the simulator, for diagnostics.',
  }),
  'Printing.Jobs': defineMethod({
    name: 'Printing.Jobs',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), deviceId: z.string().max(64).optional() }).strict(),
    output: z.object({ jobs: z.array(PrintJobRecord) }),
    summary: 'Recent print jobs, newest first, with their outcomes.',
  }),
} as const;

export const printingUnsolicited = {
  'Printing.JobFinished': defineUnsolicited({
    name: 'Printing.JobFinished',
    payload: PrintJobRecord,
    summary: 'A print job reached its outcome (printed, failed or unknown).',
  }),
} as const;
