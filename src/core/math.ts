/**
 * Small numeric helpers shared across systems.
 * @module
 */
import { InvalidInputError } from "./errors.js";

/**
 * Cosine similarity of two equal-length vectors; 0 when either is all zeros.
 * @throws InvalidInputError when the lengths differ (embeddings from two different models).
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new InvalidInputError(`Cannot compare vectors of sizes ${a.length} and ${b.length}: use embeddings from the same model.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
