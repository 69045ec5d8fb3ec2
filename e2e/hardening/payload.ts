/** One escape attempt: code run in the attacker's session under a permissive tier. */
export interface Payload {
  /** The family from issue 8's list, for the report. */
  readonly category: string;
  readonly name: string;
  readonly code: string;
  /** Output that proves a breach this payload aims at, beyond the canary (say, an internal object reached). */
  readonly forbidden?: RegExp;
}
