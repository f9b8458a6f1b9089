// Every schema migration of the kiosk database, gathered in one ordered list. Each domain adds
// one import line and one spread here; versions must stay inside the domain's range:
//   storage/outbox/sync/alerts 1–99 · payments 100–199 · applications 200–299 · printing 300–399 ·
//   fleet 400–499 · diagnostics 500–599 · help 600–699
import type { Migration } from '../migration';
import { syncMigrations } from './syncMigrations';
import { cashMigrations } from '../../payments/cashMigrations';
import { feesMigrations } from '../../payments/fees/feesMigrations';
import { applicationMigrations } from '../../applications/applicationMigrations';
import { fleetMigrations } from '../../fleet/fleetMigrations';
import { printingMigrations } from '../../printing/printingMigrations';
import { diagnosticsMigrations } from '../../diagnostics/diagnosticsMigrations';
import { helpMigrations } from '../../help/helpMigrations';

export const migrations: readonly Migration[] = [
  ...syncMigrations,
  ...cashMigrations,
  ...feesMigrations, // payment records and QR orders (150–199)
  ...applicationMigrations, // applications and case numbers (200–299)
  ...printingMigrations, // the print-job journal (300–399)
  ...fleetMigrations, // remote commands and reported bundle results (400–499)
  ...diagnosticsMigrations, // self-test runs (500–599)
  ...helpMigrations, // struggle counts waiting to be sent (600–699)
];
