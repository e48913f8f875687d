// One string per distinct spelling, looked up by a range of the text without slicing it first.
// A model repeats a few dozen keys hundreds of thousands of times, and many short values (`true`,
// enum values, ids named again in references): sharing them saves the copies and the garbage
// collector's work of moving each of them.

/** Open-addressing table of strings, probed by hashing characters of the text in place. */
export class StringTable {
  private slots: (string | undefined)[];
  private count = 0;

  /**
   * @param text the text ranges refer to
   * @param maxLength longer ranges are sliced and not kept
   * @param maxCount the table stops growing at this many strings (a bound for hostile texts)
   * @param canonical turns a new string into the one kept (e.g. the engine's internalized copy)
   */
  constructor(
    private readonly text: string,
    private readonly maxLength: number,
    private readonly maxCount: number,
    private readonly canonical: (s: string) => string = (s) => s,
  ) {
    this.slots = new Array<string | undefined>(1024).fill(undefined);
  }

  /** The characters text[start, end) as a string, shared with earlier ranges spelled alike. */
  get(start: number, end: number): string {
    const text = this.text;
    const length = end - start;
    if (length > this.maxLength) return text.slice(start, end);
    // FNV-1a over the UTF-16 code units.
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let known = slots[slot]; known !== undefined; known = slots[slot]) {
      if (known.length === length && text.startsWith(known, start)) return known;
      slot = (slot + 1) & mask;
    }
    const fresh = this.canonical(text.slice(start, end));
    if (this.count < this.maxCount) {
      slots[slot] = fresh;
      if (++this.count * 2 > slots.length) this.grow();
    }
    return fresh;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Array<string | undefined>(old.length * 2).fill(undefined);
    const mask = slots.length - 1;
    for (const s of old) {
      if (s === undefined) continue;
      let hash = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
      let slot = hash & mask;
      while (slots[slot] !== undefined) slot = (slot + 1) & mask;
      slots[slot] = s;
    }
    this.slots = slots;
  }
}

/**
 * The engine's own copy of a string used as a property name. Key texts are looked up in field
 * tables (`fields[pair.keyText]`) and compared with literals all over core: with the internalized
 * copy, both are pointer comparisons instead of hashing and comparing characters each time.
 */
export function internalized(text: string): string {
  if (text.length > 64) return text;
  for (const key in { [text]: 0 }) return key;
  return text;
}

/**
 * A copy of a string that shares no storage with the text it was sliced from. Engines keep a long
 * slice as a view of its whole source: a node made from one version of a 7 MB text would keep that
 * version alive for as long as the node lives, and incremental updates (update.ts) keep nodes
 * across versions. Short strings are copied by the engine anyway.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
