// What the app shell hands every citizen journey. Kept apart from the journey registry
// (app/journeys.ts), which imports the journeys: a journey never imports the registry.

export interface JourneyProps {
  /** Returns to the home screen (the session continues). */
  readonly onExit: () => void;
}
