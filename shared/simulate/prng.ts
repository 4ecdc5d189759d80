/**
 * Seeded PRNG: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
 * 47(4), 2021; reference C at prng.di.unimi.it), seeded through splitmix32 so any integer seed gives a good
 * state. Period 2^128 − 1, 32-bit output; `next()` returns a double in [0, 1) with 32 bits of resolution.
 * The simulator never calls Math.random: the same seed gives the same run, bit for bit.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const split = () => {
      // splitmix32 (a 32-bit variant of Steele, Lea & Flood's SplitMix, OOPSLA 2014).
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = split();
    this.s1 = split();
    this.s2 = split();
    this.s3 = split();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return r;
  }

  /** Uniform double in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}
