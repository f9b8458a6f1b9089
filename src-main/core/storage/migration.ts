// The shape of one schema migration. Each domain contributes its own list from its own file,
// within its allocated version range (see migrations/index.ts).
import type Database from 'better-sqlite3';

export interface Migration {
  /** Unique, increasing; the domain's range: storage/outbox/sync/alerts 1–99, payments 100–199,
   *  applications 200–299, printing 300–399, fleet 400–499, diagnostics 500–599, help 600–699. */
  readonly version: number;
  /** Short snake_case description, recorded in `schema_migrations`. */
  readonly name: string;
  /** Runs inside the migration's own transaction; throw to roll it back. */
  up(db: Database.Database): void;
}
