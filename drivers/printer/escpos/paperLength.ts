// How much paper an ESC/POS job feeds, read from the job's own bytes with the same decoder the
// simulator uses: line feeds, ESC d feeds, raster images and QR symbols (24 dots per text line).
// The driver uses it to know how long a job takes to print on a printer that cannot tell.
import { EscPosDecoder } from './escposDecoder';

/** Dots of one text line at the default line spacing (docs/protocols/escpos.md#commands-the-kiosk-sends). */
export const DOTS_PER_TEXT_LINE = 24;
/** Modules of the largest QR symbol the kiosk prints (version 6): its height is modules × module size. */
const LARGEST_QR_MODULES = 41;
/** GS ( k fn 67 default module size when the job sets none. */
const DEFAULT_QR_MODULE_DOTS = 3;

/** Text lines of paper the job feeds (an estimate that errs long: QR symbols count at their largest). */
export function estimatePaperLines(job: Uint8Array): number {
  let lines = 0;
  let qrModuleDots = DEFAULT_QR_MODULE_DOTS;
  let lineHeight = 1;
  for (const command of new EscPosDecoder().push(job)) {
    switch (command.kind) {
      case 'lineFeed':
        lines += lineHeight;
        break;
      case 'characterSize':
        lineHeight = command.height;
        break;
      case 'initialize':
        lineHeight = 1;
        break;
      case 'feedLines':
        lines += command.lines;
        break;
      case 'raster':
        lines += Math.ceil(command.height / DOTS_PER_TEXT_LINE);
        break;
      case 'qr':
        if (command.fn === 67) qrModuleDots = command.params[0] ?? qrModuleDots;
        else if (command.fn === 81) lines += Math.ceil((LARGEST_QR_MODULES * qrModuleDots) / DOTS_PER_TEXT_LINE);
        break;
      case 'cut':
      case 'text':
      case 'align':
      case 'bold':
      case 'chineseMode':
      case 'realtimeStatus':
      case 'realtimeRecover':
      case 'inOrderStatus':
      case 'ignored':
      case 'unknown':
        break;
      default:
        command satisfies never;
    }
  }
  return lines;
}
