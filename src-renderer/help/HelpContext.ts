// What the journey frame and the header tell the help host (HelpHost.tsx): the step on screen, a
// refused submission, a 返回, and a tap on 呼叫帮助. Outside a host (unit tests of one screen)
// every report goes nowhere.
import { createContext, useContext } from 'react';

export interface HelpReports {
  /** A journey frame shows this step key. */
  stepShown(step: string): void;
  /** The step's primary action was tapped and the step stayed, showing an error. */
  validationFailed(): void;
  /** 返回 was tapped on the current step. */
  backTapped(): void;
  /** 呼叫帮助 was tapped: open the help panel (and, in a hall, call staff). */
  openHelp(): void;
}

const NOWHERE: HelpReports = {
  stepShown: () => undefined,
  validationFailed: () => undefined,
  backTapped: () => undefined,
  openHelp: () => undefined,
};

export const HelpContext = createContext<HelpReports>(NOWHERE);

export function useHelp(): HelpReports {
  return useContext(HelpContext);
}
