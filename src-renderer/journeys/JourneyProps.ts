// What the app shell hands every citizen journey. Kept apart from the journey registry
// (app/journeys.ts) so journeys never import the module that imports them.
export interface JourneyProps {
  /** Returns to the home screen (the session continues). */
  readonly onExit: () => void;
}
