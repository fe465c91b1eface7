/**
 * UUIDs of version 7 (RFC 9562) made in the client, for the people of a first load: 48 bits of the
 * millisecond, a 12-bit counter that orders the ids made within one millisecond (the RFC's method 1),
 * and 62 random bits from the operating system's generator. Ids made one after another sort in that
 * order, so a first load's ids append to the primary key's last pages.
 *
 * Why in the client: PostgreSQL 15 has no generator of version 7, and the SQL that makes one a row
 * (sync-statements.ts, `insertCreated`) cost ~0.25 s of a 98k-people first load's `INSERT` (852–962 ms
 * against 610–627 ms with the ids given, PostgreSQL 15, 5 runs); here 100k ids take ~18 ms. In a 100k
 * CSV first load (statement log, 3 alternations): the `INSERT` 686–751 ms against 838–1056, the COPY
 * (which carries the ids) 600–679 against 564–614, the run 1.91–2.15 s against 2.01–2.26 s.
 */
import { randomFillSync } from 'node:crypto';

/** ASCII codes of the hexadecimal digits. */
const DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Random bytes drawn at a time (8 a row). */
const POOL_BYTES = 8 * 1024;
const COUNTER_LIMIT = 0x1000;
/** Where each of the 16 bytes' two digits go in `xxxxxxxx-xxxx-7xxx-xxxx-xxxxxxxxxxxx`. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

export class UuidV7Source {
  readonly #now: () => number;
  readonly #pool = Buffer.alloc(POOL_BYTES);
  #used = POOL_BYTES;
  #millisecond = -1;
  #counter = 0;
  /** The id's 16 bytes, then its 36 characters (written as one flat string, not a rope of pieces). */
  readonly #bytes = new Uint8Array(16);
  readonly #text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The next id, after every id this source made before. */
  next(): string {
    const now = this.#now();
    if (now > this.#millisecond) {
      this.#millisecond = now;
      this.#counter = 0;
    } else if (++this.#counter === COUNTER_LIMIT) {
      // 4096 ids in one millisecond (or the clock went back): borrow the next millisecond.
      this.#millisecond++;
      this.#counter = 0;
    }
    if (this.#used === POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#used = 0;
    }
    const bytes = this.#bytes;
    const ms = this.#millisecond;
    const high = Math.floor(ms / 0x1000000); // the top 24 of the 48 bits
    const low = ms % 0x1000000;
    bytes[0] = high >>> 16;
    bytes[1] = high >>> 8;
    bytes[2] = high;
    bytes[3] = low >>> 16;
    bytes[4] = low >>> 8;
    bytes[5] = low;
    bytes[6] = 0x70 | (this.#counter >>> 8); // version 7, then the counter's 12 bits
    bytes[7] = this.#counter;
    const pool = this.#pool;
    const at = this.#used;
    this.#used += 8;
    bytes[8] = 0x80 | ((pool[at] as number) & 0x3f); // the variant (10), then 62 random bits
    for (let index = 1; index < 8; index++) bytes[8 + index] = pool[at + index] as number;
    const text = this.#text;
    for (let index = 0; index < 16; index++) {
      const byte = bytes[index] as number;
      const place = AT[index] as number;
      text[place] = DIGITS[byte >>> 4] as number;
      text[place + 1] = DIGITS[byte & 15] as number;
    }
    return text.toString('latin1', 0, 36);
  }
}
