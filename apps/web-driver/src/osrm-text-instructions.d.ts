/** osrm-text-instructions ships no types; the part the driver app uses. */
declare module 'osrm-text-instructions' {
  export interface OsrmStepLike {
    maneuver: { type: string; modifier?: string; exit?: number };
    name: string;
    ref?: string;
    mode?: string;
    driving_side?: string;
  }
  export interface OsrmTextInstructions {
    compile(
      language: string,
      step: OsrmStepLike,
      options?: { legIndex?: number; legCount?: number },
    ): string;
  }
  export default function osrmTextInstructions(version: 'v5'): OsrmTextInstructions;
}
