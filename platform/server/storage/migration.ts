// The shape of one numbered platform migration, apart from the list (migrations.ts) so that each
// domain's range (console 10–19, ops 20–29, fleet 30–39, diagnostics 50–59) can live in its own file without an
// import cycle.
import type { SqlExecutor } from './sqlDatabase';

export interface Migration {
  /** 1, 2, 3…: never renumbered, never edited once released; a change is a new migration. */
  readonly version: number;
  readonly name: string;
  readonly apply: (tx: SqlExecutor) => Promise<void>;
}

/**
 * A migration step that is plain DDL (several statements, no parameters). Its text is what it
 * prints as, so the embedded store's cached, migrated template (keyed by the migrations' source)
 * changes whenever the SQL does, not only when a closure does.
 */
export function sqlStep(text: string): (tx: SqlExecutor) => Promise<void> {
  const step = async (tx: SqlExecutor) => tx.exec(text);
  step.toString = () => text;
  return step;
}
