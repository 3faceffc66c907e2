/**
 * Which models a page may open: files under the demo folder (`<model cache>/demo`) and the folders the
 * operator named with `yomikai serve --models DIR`. A page never downloads (no `hf:`/`http:` from a
 * request) and never reads a file outside those folders, so no request can make the server reveal a
 * file's bytes.
 * @module
 */
import { realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { YomikaiError } from "../core/errors.js";
import { lmDemoDir } from "../lm/index.js";
import { ForbiddenError } from "./http.js";

/** The demo models folder every page may use (`<model cache>/demo`). */
export function demoModelsRoot(): string {
  return lmDemoDir();
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The folders pages may open models from. */
export class ModelFolders {
  /** The operator's folders (`--models`), absolute. */
  readonly roots: readonly string[];
  constructor(roots: readonly string[] = []) {
    this.roots = roots.map((r) => resolve(r));
  }

  /** Every allowed folder: the demo folder first, then the `--models` folders. */
  all(): string[] {
    return [demoModelsRoot(), ...this.roots];
  }

  /**
   * Checks a model reference from a request and returns its absolute path. Refuses (403, one line, no
   * file content) URLs and `hf:` references, and paths outside {@link all}; a relative path is taken
   * inside the first `--models` folder. Symbolic links are followed before the check.
   * @param field - The request field, named in the message (`"expert"`).
   */
  check(ref: string, field: string): string {
    const r = ref.trim();
    if (/^[a-z][a-z0-9+.-]+:/i.test(r))
      throw new ForbiddenError(
        `${field}: pages never download models; download it with the CLI, then start "yomikai serve --models DIR" on its folder.`,
      );
    const base = this.roots[0] ?? demoModelsRoot();
    const path = real(isAbsolute(r) ? r : join(base, r));
    const allowed = this.all().map(real);
    if (!allowed.some((root) => inside(root, path)))
      throw new ForbiddenError(
        `${field}: pages open models only from the demo folder and folders named with "yomikai serve --models DIR"; restart the server with --models on the model's folder.`,
      );
    return path;
  }
}

/**
 * Runs `open` on a checked model path; a file that is not a model becomes one line naming the field,
 * without the file's bytes (format errors quote a file's first bytes).
 */
export async function openChecked<T>(field: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    if (err instanceof YomikaiError && err.code === "bad-file")
      throw new YomikaiError(`${field}: the file is not a model this page can open (expected a GGUF file or an ONNX model folder).`, {
        code: "bad-file",
      });
    throw err;
  }
}
