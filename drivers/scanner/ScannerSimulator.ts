// A barcode scanner's side of the link for demos and tests: "scanning" writes the code as a
// serial scanner would (text + CR LF) or as HID POS reports, over any ByteTransport.
import type { ByteTransport } from '../transport/ByteTransport';
import { encodeHidPosReports } from './hidPosReport';
import type { ScannerMode } from './BarcodeScanner';

/** Sample codes for the developer panel; all fictitious (wallet examples are format examples from docs/protocols/barcode-scanners.md#payment-codes). */
export const SAMPLE_SCANS: Readonly<Record<string, string>> = {
  wechatPay: '135112298638468293',
  alipay: '289431869362714645',
  unionPay: '6225880212345678901',
  caseNumber: 'DEMO01-20261126-0001',
  paymentNotice: '42020026112600012345',
  url: 'https://zwfw.example.gov.cn/q/abc123',
};

export class ScannerSimulator {
  private transport: ByteTransport | undefined;
  private plugged = true;

  constructor(private readonly mode: ScannerMode = 'serial') {}

  attach(transport: ByteTransport): void {
    this.transport = transport;
    transport.onClose(() => {
      if (this.transport === transport) this.transport = undefined;
    });
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  get isAttached(): boolean {
    return this.transport?.isOpen ?? false;
  }

  /** Sends one scan; false when nothing is attached. */
  async scan(text: string): Promise<boolean> {
    const transport = this.transport;
    if (!transport?.isOpen) return false;
    if (this.mode === 'hidPos') {
      for (const report of encodeHidPosReports(text)) await transport.write(report);
    } else {
      await transport.write(new TextEncoder().encode(`${text}\r\n`));
    }
    return true;
  }

  async unplug(): Promise<void> {
    this.plugged = false;
    const t = this.transport;
    this.transport = undefined;
    await t?.close();
  }

  replug(): void {
    this.plugged = true;
  }

  async stop(): Promise<void> {
    const t = this.transport;
    this.transport = undefined;
    await t?.close();
  }
}
