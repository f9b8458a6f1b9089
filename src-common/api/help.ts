// 呼叫帮助 and the struggle counts (#16 item 15, docs/ui.md "Help and struggle detection"). Neither
// method takes anything about the citizen, and neither needs a session: calling staff is never
// refused, and a count is not tied to whoever caused it.
import { z } from 'zod';
import { HelpService, StepName, StruggleSignal } from '../wire/helpWire';
import { defineMethod } from './contract';

export const helpMethods = {
  'Help.Request': defineMethod({
    name: 'Help.Request',
    input: z.object({ service: HelpService, step: StepName }).strict(),
    output: z.object({
      requestId: z.string(),
      /** True when a request raised within the repeat window stands already: nothing new was sent. */
      repeated: z.boolean(),
    }),
    errors: [
      'notRecorded', // the kiosk's storage refused the write (a full disk): nothing was sent
      'noStaffChannel', // the kiosk reports to no platform: nobody can be called from here
    ],
    summary: 'At a hall kiosk: records a help request (kiosk and step only) for the platform, which alerts staff; repeats within the window raise nothing new.',
  }),
  'Help.ReportStruggle': defineMethod({
    name: 'Help.ReportStruggle',
    input: z.object({ service: HelpService, step: StepName, signal: StruggleSignal }).strict(),
    output: z.object({}),
    errors: ['notRecorded'], // the kiosk's storage refused the write: the count is lost, nothing else
    summary: 'Adds one to the anonymous count of (service, step, signal) for the current hour; counts reach the platform in hourly buckets.',
  }),
} as const;
