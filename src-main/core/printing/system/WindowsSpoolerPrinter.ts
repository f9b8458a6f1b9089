// A system printer on Windows (driver `windows`, transport `systemPrinter` naming the printer as
// Windows lists it): A4 and certificate PDFs go to the spooler through `pdf-to-printer`, which
// prints with its bundled SumatraPDF, silently, to the named printer. The PDF holds PII: it is
// written 0600 under the data directory only for the print and deleted in every case.
// `pdf-to-printer` resolves once the job is handed to the spooler; the spooler's own completion
// is not followed (docs/printing.md, known limits), so `printed` means "accepted by the spooler".
import fs from 'node:fs';
import path from 'node:path';
import type { SystemJobOutcome } from './CupsPrinter';

/** The members of `pdf-to-printer` used: the command seam, faked in tests. */
export interface PdfToPrinterApi {
  print(pdfPath: string, options: { readonly printer: string; readonly silent: boolean }): Promise<void>;
  getPrinters(): Promise<readonly { readonly name: string; readonly deviceId: string }[]>;
}

/** The real library, loaded on first use (it only runs on Windows). */
export async function loadPdfToPrinter(): Promise<PdfToPrinterApi> {
  const library = await import('pdf-to-printer');
  return { print: (file, options) => library.print(file, { printer: options.printer, silent: options.silent }), getPrinters: () => library.getPrinters() };
}

export interface WindowsSpoolerPrinterOptions {
  /** The printer's name as Windows lists it (Settings → Printers), e.g. `HP LaserJet M406`. */
  readonly printer: string;
  /** Where the PDF is written for the print (under the data directory: 0700). */
  readonly spoolDir: string;
  readonly api: () => Promise<PdfToPrinterApi>;
}

export class WindowsSpoolerPrinter {
  private next = 1;
  constructor(private readonly options: WindowsSpoolerPrinterOptions) {}

  get description(): string {
    return `windows-spooler://${this.options.printer}`;
  }

  /** Whether Windows lists the printer (an unplugged USB printer stays listed; a deleted one does not). */
  async present(): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }> {
    try {
      const printers = await (await this.options.api()).getPrinters();
      return printers.some((p) => p.name === this.options.printer) ? { ok: true } : { ok: false, reason: `Windows lists no printer named "${this.options.printer}" (found: ${printers.map((p) => p.name).join(', ') || 'none'})` };
    } catch (e) {
      return { ok: false, reason: `the printer list could not be read: ${(e as Error).message}` };
    }
  }

  async printPdf(jobId: string, pdf: Uint8Array): Promise<SystemJobOutcome> {
    fs.mkdirSync(this.options.spoolDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.options.spoolDir, `${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}-${this.next++}.pdf`);
    try {
      fs.writeFileSync(file, pdf, { mode: 0o600 });
      await (await this.options.api()).print(file, { printer: this.options.printer, silent: true });
      return { outcome: 'printed', cupsJobId: 0 };
    } catch (e) {
      return { outcome: 'failed', reason: `the Windows spooler refused the job: ${(e as Error).message}` };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** PDFs a crash left behind (PII): removed at start. */
  purgeLeftovers(): number {
    if (!fs.existsSync(this.options.spoolDir)) return 0;
    const files = fs.readdirSync(this.options.spoolDir).filter((f) => f.endsWith('.pdf'));
    for (const f of files) fs.rmSync(path.join(this.options.spoolDir, f), { force: true });
    return files.length;
  }
}
