/**
 * The one cache folder: downloads (models, datasets, API pages) and the no-download demo models live
 * under it.
 * @module
 */
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * yomikai's cache folder, or a folder inside it: `$YOMIKAI_CACHE` when set, else `~/.cache/yomikai`.
 * Read on every call, so a changed environment takes effect at once.
 * @example cacheDir("models") // "/home/me/.cache/yomikai/models"
 */
export function cacheDir(...parts: string[]): string {
  const root = process.env.YOMIKAI_CACHE || join(homedir(), ".cache", "yomikai");
  return join(root, ...parts);
}
