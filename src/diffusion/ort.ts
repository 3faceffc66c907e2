/**
 * The one place that loads `onnxruntime-node`. It is imported lazily, so importing `yomikai/diffusion`
 * never loads native code, and a missing install gives one actionable line instead of a stack trace.
 * @module
 */
import { ExternalError } from "../core/index.js";

/** The `onnxruntime-node` module namespace. */
export type OrtModule = typeof import("onnxruntime-node");

let cached: Promise<OrtModule> | undefined;

/**
 * Loads `onnxruntime-node` once and returns it.
 * @throws {ExternalError} when the package is not installed or its native library does not load.
 */
export function loadOnnxRuntime(): Promise<OrtModule> {
  cached ??= import("onnxruntime-node").then(
    (m) => ((m as { default?: OrtModule }).default?.InferenceSession ? ((m as { default: OrtModule }).default as OrtModule) : m),
    (err: unknown) => {
      cached = undefined;
      throw new ExternalError(
        `yomikai/diffusion needs onnxruntime-node, which could not be loaded (${(err as Error)?.message?.split("\n")[0] ?? err}). Install it with: npm install onnxruntime-node`,
        { cause: err },
      );
    },
  );
  return cached;
}
