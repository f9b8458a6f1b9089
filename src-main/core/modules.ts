// The core's modules, started in this order (later modules may use earlier ones' services)
// and stopped in reverse. One line per domain.
import type { CoreModule } from './CoreContext';
import { casesModule } from './cases/casesModule';
import { proofsModule } from './proofs/proofsModule';
import { certificatesModule } from './proofs/certificatesModule';
import { diagnosticsModule } from './diagnostics/diagnosticsModule';
import { devicesModule } from './devices/devicesModule';
import { storageModule, syncModule } from './sync/syncModule';
import { catalogModule } from './catalog/catalogModule';
import { printingModule } from './printing/printingModule';
import { cashModule } from './payments/cashModule';
import { applicationsModule } from './applications/applicationsModule';
import { feesModule } from './payments/fees/feesModule';
import { fleetModule } from './fleet/fleetModule';

export const coreModules: readonly CoreModule[] = [
  devicesModule, // device manager: statuses first, so the capability gate sees devices from the start
  storageModule, // the database and outbox every later domain writes through
  catalogModule, // the service catalog this kiosk offers: search, items, bundles (pure, no devices)
  printingModule, // receipt/A4/certificate printers and the print service with job outcomes
  cashModule, // bill acceptor (SSP), cash journal, boot reconciler, Cash.* API
  applicationsModule, // Application.*: submit with case number + outbox job in one transaction, acceptance receipt, acknowledgement
  feesModule, // Fee.*, Qr.*: payable lookup, cash and QR payment of a payable, payment records, QR reconciler
  syncModule, // after devices/printing: sync engine, heartbeat, alerts
  casesModule, // case progress queries against the platform (自助查询)
  proofsModule, // proofs issued by the platform for the card read, printed on A4 (自助打印证明)
  certificatesModule, // certificates ready for collection, quota consumed by confirmed prints (自助取证)
  diagnosticsModule, // technician PIN, maintenance lock-out of citizen sessions, technician-only methods
  fleetModule, // last: signed config/catalog bundles, remote commands, opening hours, maintenance mode (docs/fleet.md)
];
