// The 一件事 entry: bundles of items applied for at once, with each piece of information asked once.
import type { JourneyProps } from '../journeyProps';
import { ApplyJourneyFor } from './ApplyJourney';

export default function BundleJourney(props: JourneyProps) {
  return <ApplyJourneyFor {...props} mode="bundle" />;
}
