import { z } from 'zod';

/**
 * The only verbs the page can ask of the main process. Each has its own channel and validates its
 * arguments in the main process, because the page is web content and is not trusted with more.
 * There is no generic "send anything" channel, no file access and no SQL.
 */
export const LANE_VERBS = {
  getLaneInfo: 'mendian:lane-info',
  setStartAtLogin: 'mendian:set-start-at-login',
  restartLane: 'mendian:restart-lane',
} as const;
export type LaneVerb = keyof typeof LANE_VERBS;

export const laneInfoSchema = z.object({
  laneCode: z.string(),
  appVersion: z.string(),
  edgeAgentUrl: z.string(),
  kiosk: z.boolean(),
  startAtLogin: z.boolean(),
});
export type LaneInfo = z.infer<typeof laneInfoSchema>;

export const verbArgs = {
  getLaneInfo: z.tuple([]),
  setStartAtLogin: z.tuple([z.boolean()]),
  restartLane: z.tuple([]),
} as const;

/** What the preload puts on `window.mendianLane`. */
export interface LaneBridge {
  getLaneInfo(): Promise<LaneInfo>;
  setStartAtLogin(enabled: boolean): Promise<{ startAtLogin: boolean }>;
  restartLane(): Promise<void>;
}
