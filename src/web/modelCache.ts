/**
 * Models a web page keeps open between requests, keyed by reference: opened once, a failed open
 * forgotten, all closed together (tests, shutdown).
 * @module
 */
import { type LanguageModel, type LoadModelOptions, loadLanguageModel } from "../lm/index.js";

/** A page's open models. */
export interface ModelCache {
  /** The open model for `ref`, loading it on first use. */
  open(ref: string): Promise<LanguageModel>;
  /** Closes every model opened through this cache. */
  closeAll(): Promise<void>;
}

/** A cache whose models are opened with `options` (e.g. `{ sequences: 2 }`). */
export function createModelCache(options: LoadModelOptions = {}): ModelCache {
  const loaded = new Map<string, Promise<LanguageModel>>();
  return {
    open(ref) {
      let m = loaded.get(ref);
      if (!m) {
        m = loadLanguageModel(ref, options);
        m.catch(() => loaded.delete(ref));
        loaded.set(ref, m);
      }
      return m;
    },
    async closeAll() {
      for (const m of loaded.values()) await (await m.catch(() => undefined))?.close();
      loaded.clear();
    },
  };
}
