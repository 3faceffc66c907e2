/** The `--timeout` flag of every command that talks to a server or may download a model. */

/** `--timeout SECONDS`: how long to wait for a server to answer, and for each further piece of a download. */
export const timeoutFlag = {
  timeout: {
    type: "number",
    description: "Seconds to wait for a server to answer, and for each further piece of a download, before giving up.",
    default: 60,
    min: 0.1,
    placeholder: "SECONDS",
  },
} as const;

/** The `--timeout` flag's value in milliseconds. */
export function timeoutMs(flags: { timeout: number }): number {
  return Math.round(flags.timeout * 1000);
}
