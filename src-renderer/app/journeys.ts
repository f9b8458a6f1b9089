// The citizen journeys reachable from the home screen, by service entry. A service with no
// journey registered here is shown as not yet offered (never as a dead button).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { ServiceEntry } from '../../src-common/api/kiosk';
import type { JourneyProps } from '../journeys/journeyProps';

type Journey = LazyExoticComponent<ComponentType<JourneyProps>>;

// Loaded lazily so the home screen's initial JavaScript stays small.
export const JOURNEYS: Partial<Record<ServiceEntry, Journey>> = {
  pay: lazy(() => import('../journeys/pay/PayJourney')),
  query: lazy(() => import('../journeys/query/QueryJourney')),
  proof: lazy(() => import('../journeys/proof/ProofJourney')),
  pickup: lazy(() => import('../journeys/proof/PickupJourney')),
  apply: lazy(() => import('../journeys/apply/ApplyJourney')),
  bundle: lazy(() => import('../journeys/apply/BundleJourney')),
};
