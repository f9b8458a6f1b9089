// The core's services, filled in by the modules of src-main/core/modules.ts in order.
// Each domain adds its own optional field here (one line) and sets it in its module's start().
export interface CoreServices {
  [key: string]: unknown;
  /** ID card readers and scanners under supervision, with their simulators in demo modes (devices module). */
  devices?: import('./devices/DeviceManager').DeviceManager;
  /** The kiosk database (storage module): the one writer's connection. */
  db?: import('better-sqlite3').Database;
  /** The durable outbox: enqueue records in the same transaction as their business row. */
  outbox?: import('./outbox/Outbox').Outbox;
  /** Signed client of the central platform (online queries; payments add calls via `signed`). */
  platform?: import('./sync/PlatformClient').PlatformClient;
  /** The outbox's sync engine (sync module): `flushNow()` for remote commands. */
  syncEngine?: import('./sync/SyncEngine').SyncEngine;
  /** The heartbeat (sync module): the fleet module attaches its command and version seam to it. */
  heartbeat?: import('./sync/Heartbeat').Heartbeat;
  /** The kiosk's Ed25519 identity and its platform registration (kiosk id, admin key pinned at provisioning). */
  identity?: import('./identity/KioskIdentity').KioskIdentity;
  /** Raises alerts into the outbox. */
  alerts?: import('./alerts/AlertService').AlertService;
  /** Set before the sync module starts (Electron: safeStorage) to replace the 0600 key file. */
  keyProvider?: import('./crypto/KeyProvider').KeyProvider;
  /** The service catalog this kiosk offers (catalog module): `current` to read, `replace` for a pulled catalog. */
  catalog?: import('./catalog/CatalogProvider').CatalogProvider;
  /** Receipt, A4 and certificate printing with job outcomes (printing module). */
  printing?: import('./printing/PrintService').PrintService;
  /** Cash-in over the bill acceptor, its journal and reconciler (payments module). */
  cash?: import('./payments/CashService').CashService;
  /** Submitted applications: case numbers, session cases, acknowledgement state, fee paid (applications module). */
  applications?: import('./applications/ApplicationService').ApplicationService;
  /** Fees: payable lookup, cash payment of a payable, payment records (fees module). */
  fees?: import('./payments/fees/FeeService').FeeService;
  /** Settles QR orders whose outcome was unknown (fees module); `reconcileNow()` for tools and tests. */
  qrReconciler?: import('./payments/qr/QrReconciler').QrReconciler;
  /** Set by createKioskCore before modules start: the fleet boot step's decision and the core's restart seam. */
  fleetBoot?: import('./fleet/fleetModule').FleetBootContext;
  /** Signed config/catalog bundles, remote commands, opening hours, maintenance mode, the safe point (fleet module). */
  fleet?: import('./fleet/fleetModule').FleetService;
  /** Overrides where session case fees come from (default: the applications service). */
  caseFees?: import('./payments/fees/payables').SessionCaseFees;
}
