// Decodes ESC/POS bytes back into what a printer would print, through the simulator over an
// in-memory pipe: the diagnostics preview and the CLI show exactly what the codec produced.
import { ReceiptPrinterSimulator } from '../../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { createMemoryPipe } from '../../../../drivers/transport/memoryPipe';

export interface DecodedReceipt {
  readonly lines: string[];
  readonly qrCodes: string[];
  readonly rasterLines: number;
  readonly cuts: number;
}

export async function decodeReceiptBytes(bytes: Uint8Array): Promise<DecodedReceipt> {
  const [host, device] = createMemoryPipe('preview');
  const simulator = new ReceiptPrinterSimulator(device);
  await host.write(bytes);
  // The memory pipe delivers on a microtask; one macrotask later everything has been decoded.
  await new Promise((r) => setTimeout(r, 0));
  const elements = simulator.elements;
  simulator.dispose();
  await host.close();
  return {
    lines: simulator.textLines(),
    qrCodes: elements.flatMap((e) => (e.kind === 'qr' ? [e.data] : [])),
    rasterLines: elements.filter((e) => e.kind === 'raster').length,
    cuts: elements.filter((e) => e.kind === 'cut').length,
  };
}
