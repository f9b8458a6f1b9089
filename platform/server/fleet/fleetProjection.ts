// What the platform does with the fleet's outbox events, inside the transaction that stores them
// (docs/fleet.md): a `fleet.commandResult` closes its command; a `fleet.bundleResult` updates the
// kiosk's twin (last result, running version) and counts in the rollout that told the kiosk; a
// `fleet.appUpdateResult` does the same for the app release of that version (ADR 0016).
import { APP_UPDATE_RESULT_KIND, AppUpdateResultPayload } from '../../../src-common/wire/appUpdateEvents';
import { BUNDLE_RESULT_KIND, BundleResultPayload, COMMAND_RESULT_KIND, CommandResultPayload } from '../../../src-common/wire/fleetEvents';
import type { WireEvent } from '../../../src-common/wire/wire';
import type { EventProjector } from '../store/eventStore';
import type { CommandStore } from './commandStore';
import type { FleetKioskStore } from './fleetKioskStore';
import type { ReleaseStore } from './releaseStore';
import type { RolloutStore } from './rolloutStore';

export function fleetProjector(stores: { readonly commands: CommandStore; readonly kiosks: FleetKioskStore; readonly rollouts: RolloutStore; readonly releases: ReleaseStore }): EventProjector {
  return async (tx, kioskId, accepted: readonly WireEvent[], receivedAt) => {
    for (const event of accepted) {
      // The registry checked each payload when the event was received.
      if (event.kind === COMMAND_RESULT_KIND) await stores.commands.recordResult(tx, kioskId, CommandResultPayload.parse(event.payload));
      if (event.kind === BUNDLE_RESULT_KIND) {
        const result = BundleResultPayload.parse(event.payload);
        await stores.kiosks.recordResult(tx, kioskId, result);
        await stores.rollouts.recordResult(tx, kioskId, result, receivedAt);
      }
      if (event.kind === APP_UPDATE_RESULT_KIND) {
        const result = AppUpdateResultPayload.parse(event.payload);
        // A version the platform never published (installed by hand) counts in no rollout.
        const release = await stores.releases.releaseOf(tx, result.version);
        if (release === undefined) continue;
        await stores.kiosks.recordAppResult(tx, kioskId, result, release);
        await stores.rollouts.recordResult(tx, kioskId, { ...result, kind: 'app', version: release }, receivedAt);
      }
    }
  };
}
