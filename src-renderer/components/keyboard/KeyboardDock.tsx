// Where an open on-screen keyboard goes (issue #16, defect 4): a dock between a journey's scrolling
// content and its action bar, full width at the bottom of the screen in both orientations. The
// content region shrinks to make room, so the keyboard never covers its field or the results.
import { createContext, useContext } from 'react';

export const KeyboardDockContext = createContext<HTMLElement | null>(null);

export function useKeyboardDock(): HTMLElement | null {
  return useContext(KeyboardDockContext);
}
