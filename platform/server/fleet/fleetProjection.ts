// What the platform does with the fleet's outbox events, inside the transaction that stores them
// (docs/fleet.md): a `fleet.commandResult` closes its command.
import { COMMAND_RESULT_KIND, CommandResultPayload } from '../../../src-common/wire/fleetEvents';
import type { WireEvent } from '../../../src-common/wire/wire';
import type { SqlExecutor } from '../storage/sqlDatabase';
import type { CommandStore } from './commandStore';

export function fleetProjector(commands: CommandStore) {
  return async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[]): Promise<void> => {
    for (const event of accepted) {
      if (event.kind !== COMMAND_RESULT_KIND) continue;
      // The registry checked the payload when the event was received.
      await commands.recordResult(tx, kioskId, CommandResultPayload.parse(event.payload));
    }
  };
}
