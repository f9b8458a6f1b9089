// The core's modules. Each declares what it provides and requires (composition/CoreModule.ts);
// the composition root derives the start order from that, so this list's order only breaks ties
// (and keeps logs in a familiar order). One line per domain.
import type { CoreModule } from './composition/CoreModule';
import { alertsModule } from './alerts/alertsModule';
import { applicationsModule } from './applications/applicationsModule';
import { casesModule } from './cases/casesModule';
import { catalogModule } from './catalog/catalogModule';
import { diagnosticsModule } from './diagnostics/diagnosticsModule';
import { technicianModule } from './diagnostics/technicianModule';
import { devicesModule } from './devices/devicesModule';
import { cashModule } from './payments/cashModule';
import { feesModule } from './payments/fees/feesModule';
import { printingModule } from './printing/printingModule';
import { certificatesModule } from './proofs/certificatesModule';
import { faceCheckModule } from './faceCheck/faceCheckModule';
import { proofsModule } from './proofs/proofsModule';
import { storageModule } from './storage/storageModule';
import { platformModule } from './sync/platformModule';
import { syncModule } from './sync/syncModule';
import { fleetModule } from './fleet/fleetModule';
import { appUpdateModule } from './updates/appUpdateModule';
import { helpModule } from './help/helpModule';

export const coreModules: readonly CoreModule[] = [
  devicesModule, // ID card readers and scanners: statuses first, so the capability gate sees devices from the start
  storageModule, // the database, the outbox and the kiosk identity every later domain writes through
  alertsModule, // alerts into the outbox (device faults, money problems, dead letters)
  catalogModule, // the service catalog this kiosk offers (pure, no devices)
  printingModule, // receipt/A4/certificate printers and the print service with job outcomes
  platformModule, // the signed client of the central platform (embedded reference platform in the demo)
  cashModule, // bill acceptor (SSP), cash journal, boot reconciler, Cash.* API
  applicationsModule, // Application.*: case number + outbox job in one transaction, acceptance receipt, acknowledgement
  feesModule, // Fee.*, Qr.*: payable lookup, cash and QR payment of a payable, payment records, QR reconciler
  syncModule, // the sync engine and the heartbeat, Queue.* API
  casesModule, // case progress queries against the platform (自助查询)
  faceCheckModule, // 人证核验: the live photo against the authority's photo of the card read, nothing stored (ADR 0019)
  proofsModule, // proofs issued by the platform for the card read, printed on A4 (自助打印证明)
  certificatesModule, // certificates ready for collection, quota consumed by confirmed prints (自助取证)
  diagnosticsModule, // technician PIN, maintenance lock-out of citizen sessions, technician-only methods, the control channel's limits
  technicianModule, // self-tests from each driver's action table, ID read under a lease, journal check, diagnostics bundle
  fleetModule, // signed config/catalog bundles, remote commands, opening hours, maintenance mode (docs/fleet.md)
  appUpdateModule, // after the fleet: app releases named by its rollouts, installed by the shell at its safe point (ADR 0016)
  helpModule, // 呼叫帮助 requests and the anonymous struggle counts, through the outbox (#16 item 15, ADR 0018)
];
