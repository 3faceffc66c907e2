/**
 * The byte-level BPE alphabet of GPT-2 and CLIP: every byte 0–255 mapped to a printable Unicode
 * character (printable Latin-1 bytes map to themselves, the rest to U+0100 onwards), so that BPE
 * merges never see raw control bytes or spaces.
 * @module
 */

let table: string[] | undefined;

/** `bytesToUnicode()[byte]` is the character that stands for `byte` in vocab and merges files. */
export function bytesToUnicode(): readonly string[] {
  if (table) return table;
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  const out = new Array<string>(256);
  bs.forEach((b, i) => {
    out[b] = String.fromCodePoint(cs[i] as number);
  });
  table = out;
  return table;
}
