// Remote commands on the kiosk (docs/fleet.md): each signed command is checked (key, signature,
// this kiosk's id) and stored durably on receipt, acknowledged to the platform in the next
// heartbeat, run once, and its result written to the outbox in the same transaction that closes
// it. A refused command is reported once and never stored under its id.
import type Database from 'better-sqlite3';
import { COMMAND_RESULT_KIND, CommandResultPayload, fleetStreamKey, type CommandOutcome } from '../../../src-common/wire/fleetEvents';
import { SignedRemoteCommand, type RemoteAction } from '../../../src-common/wire/remoteCommands';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { Outbox, OutboxWriteError } from '../outbox/Outbox';
import { commandSignatureVerifies } from './fleetKeys';
import { lookupKey, type Keyring } from './keyring';

/** A command stored for running. */
export interface StoredCommand {
  readonly commandId: string;
  readonly action: RemoteAction;
  readonly urgent: boolean;
  readonly expiresAt: string;
  readonly receivedAt: string;
}

/** What to assume about a command a kill interrupted mid-run (state `running` at boot). */
export type InterruptedPolicy =
  // run it again: harmless to repeat (flush, pull, maintenance on/off, reload)
  | 'rerun'
  // report it failed: repeating could do harm (a second test page), or nobody can tell
  | 'failed'
  // report it done: the interruption was its effect (restartCore)
  | 'done';

export interface CommandInboxOptions {
  readonly db: Database.Database;
  readonly outbox: Outbox;
  readonly log: Logger;
  /** Kiosk clock corrected by the skew measured against the platform. */
  readonly now: () => number;
  readonly kioskId: () => string | undefined;
  readonly keyring: () => Keyring;
}

type FinalOutcome = Exclude<CommandOutcome, 'refused'>;

export class CommandInbox {
  constructor(private readonly options: CommandInboxOptions) {}

  /** Checks and stores the commands of one heartbeat answer. Never throws; storage failures are logged and the command is not acknowledged (the platform sends it again). */
  receive(raw: readonly unknown[]): { readonly stored: number; readonly refused: number; readonly duplicates: number } {
    let stored = 0;
    let refused = 0;
    let duplicates = 0;
    for (const item of raw) {
      const checked = this.check(item);
      if (!checked.ok) {
        refused++;
        this.refuse(item, checked.error);
        continue;
      }
      const written = this.store(checked.value);
      if (!written.ok) this.options.log.error('fleet.command_not_stored', { commandId: checked.value.commandId, error: written.error.message });
      else if (written.value) stored++;
      else duplicates++;
    }
    return { stored, refused, duplicates };
  }

  private check(item: unknown): Result<SignedRemoteCommand, string> {
    const parsed = SignedRemoteCommand.safeParse(item);
    if (!parsed.success) return err(`malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 300)}`);
    const command = parsed.data;
    const kioskId = this.options.kioskId();
    if (command.kioskId !== kioskId) return err(`wrongKiosk: addressed to ${command.kioskId}, this kiosk is ${kioskId ?? 'not provisioned'}`);
    const key = lookupKey(this.options.keyring(), command.keyId);
    if (key.status === 'unknown') return err(`unknownKey: signed with key ${command.keyId}, which this kiosk does not pin`);
    if (key.status === 'revoked') return err(`revokedKey: signed with key ${command.keyId}, revoked at ${key.entry.revokedAt}`);
    if (!commandSignatureVerifies(command, key.entry.publicKey)) return err(`badSignature: the signature does not verify with key ${command.keyId}`);
    return ok(command);
  }

  /** Stores a checked command once; an expired one is closed at once. Returns false for a duplicate. */
  private store(command: SignedRemoteCommand): Result<boolean, OutboxWriteError> {
    const { db, outbox } = this.options;
    const now = new Date(this.options.now()).toISOString();
    return outbox.write(`storing remote command ${command.commandId}`, () =>
      db
        .transaction(() => {
          const inserted = db
            .prepare(`INSERT OR IGNORE INTO fleet_commands (command_id, action_kind, signed_json, urgent, expires_at, received_at, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')`)
            .run(command.commandId, command.action.kind, JSON.stringify(command), command.urgent ? 1 : 0, new Date(command.expiresAt).toISOString(), now).changes;
          return inserted === 1;
        })
        .immediate(),
    );
  }

  private refuse(item: unknown, reason: string): void {
    const r = (item ?? {}) as { commandId?: unknown; signature?: unknown; action?: { kind?: unknown } };
    const commandId = typeof r.commandId === 'string' && r.commandId.length > 0 && r.commandId.length <= 100 ? r.commandId : undefined;
    this.options.log.warn('fleet.command_refused', { commandId: commandId ?? null, reason });
    if (!commandId) return;
    const signature = typeof r.signature === 'string' ? r.signature.slice(0, 200) : '';
    const action = typeof r.action?.kind === 'string' ? r.action.kind : null;
    const { db, outbox } = this.options;
    const now = new Date(this.options.now()).toISOString();
    const written = outbox.write(`recording the refusal of ${commandId}`, () =>
      db
        .transaction(() => {
          const inserted = db.prepare('INSERT OR IGNORE INTO fleet_command_refusals (command_id, signature, reason, received_at) VALUES (?, ?, ?, ?)').run(commandId, signature, reason.slice(0, 500), now).changes;
          if (inserted === 0) return;
          const parsedAction = CommandResultPayload.shape.action.safeParse(action);
          this.enqueueResult({ commandId, action: parsedAction.success ? parsedAction.data : null, outcome: 'refused', detail: reason.slice(0, 2000), receivedAt: now, finishedAt: now });
        })
        .immediate(),
    );
    if (!written.ok) this.options.log.error('fleet.command_refusal_not_recorded', { commandId, error: written.error.message });
  }

  /** Ids of stored or refused commands whose receipt the platform has not confirmed yet. */
  unacknowledged(): string[] {
    const rows = this.options.db
      .prepare(`SELECT command_id FROM fleet_commands WHERE acked_at IS NULL UNION SELECT command_id FROM fleet_command_refusals WHERE acked_at IS NULL LIMIT 100`)
      .pluck()
      .all() as string[];
    return rows;
  }

  /** The platform answered a heartbeat that listed these ids: it stops delivering them. */
  acknowledge(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const now = new Date(this.options.now()).toISOString();
    const { db } = this.options;
    const written = this.options.outbox.write('acknowledging remote commands', () =>
      db.transaction(() => {
        for (const id of ids) {
          db.prepare('UPDATE fleet_commands SET acked_at = ? WHERE command_id = ? AND acked_at IS NULL').run(now, id);
          db.prepare('UPDATE fleet_command_refusals SET acked_at = ? WHERE command_id = ? AND acked_at IS NULL').run(now, id);
        }
      })(),
    );
    if (!written.ok) this.options.log.warn('fleet.command_ack_not_recorded', { error: written.error.message });
  }

  /** At start: commands a kill interrupted mid-run are re-queued or closed, per their action. */
  recoverInterrupted(policyFor: (action: RemoteAction) => InterruptedPolicy): number {
    const running = this.rows("state = 'running'");
    for (const command of running) {
      const policy = policyFor(command.action);
      if (policy === 'rerun') this.options.db.prepare("UPDATE fleet_commands SET state = 'pending', started_at = NULL WHERE command_id = ?").run(command.commandId);
      else this.finish(command, policy, policy === 'done' ? 'the core restarted while it ran (that was its effect)' : 'interrupted: the core stopped while it ran; not repeated (it may or may not have taken effect)');
    }
    return running.length;
  }

  /** Pending commands, oldest first. */
  pending(): StoredCommand[] {
    return this.rows("state = 'pending'");
  }

  isExpired(command: StoredCommand): boolean {
    return Date.parse(command.expiresAt) <= this.options.now();
  }

  /** Durably marks a command as started, before its effect (so a kill is resolved by policy). */
  markRunning(command: StoredCommand): Result<void, OutboxWriteError> {
    const { db } = this.options;
    return this.options.outbox.write(`starting remote command ${command.commandId}`, () => {
      db.prepare("UPDATE fleet_commands SET state = 'running', started_at = ? WHERE command_id = ? AND state = 'pending'").run(new Date(this.options.now()).toISOString(), command.commandId);
    });
  }

  /** Closes a command and writes its result to the outbox, in one transaction. */
  finish(command: StoredCommand, outcome: FinalOutcome, detail: string): Result<void, OutboxWriteError> {
    const { db } = this.options;
    const now = new Date(this.options.now()).toISOString();
    return this.options.outbox.write(`closing remote command ${command.commandId}`, () =>
      db
        .transaction(() => {
          const closed = db.prepare("UPDATE fleet_commands SET state = 'finished', outcome = ?, detail = ?, finished_at = ? WHERE command_id = ? AND state != 'finished'").run(outcome, detail.slice(0, 2000), now, command.commandId).changes;
          if (closed === 1) this.enqueueResult({ commandId: command.commandId, action: command.action.kind, outcome, detail: detail.slice(0, 2000), receivedAt: command.receivedAt, finishedAt: now });
        })
        .immediate(),
    );
  }

  /** The outcome of one command, for tests and technicians. */
  outcomeOf(commandId: string): { readonly state: string; readonly outcome: string | null; readonly detail: string | null } | undefined {
    return this.options.db.prepare('SELECT state, outcome, detail FROM fleet_commands WHERE command_id = ?').get(commandId) as { state: string; outcome: string | null; detail: string | null } | undefined;
  }

  private enqueueResult(result: CommandResultPayload): void {
    const payload = CommandResultPayload.parse(result);
    this.options.outbox.enqueueInTransaction(this.options.db, { streamKey: fleetStreamKey.command(result.commandId), kind: COMMAND_RESULT_KIND, payload });
  }

  private rows(where: string): StoredCommand[] {
    const rows = this.options.db.prepare(`SELECT signed_json, received_at FROM fleet_commands WHERE ${where} ORDER BY received_at, command_id`).all() as { signed_json: string; received_at: string }[];
    return rows.map((row) => {
      const command = SignedRemoteCommand.parse(JSON.parse(row.signed_json));
      return { commandId: command.commandId, action: command.action, urgent: command.urgent, expiresAt: command.expiresAt, receivedAt: row.received_at };
    });
  }
}
