/**
 * Erlang B and Erlang C, numerically stable for thousands of servers.
 *
 * Model: M/M/c (Poisson arrivals at rate λ, exponential service at rate μ per server, c servers, FIFO,
 * infinite queue). Offered load a = λ/μ (in Erlangs), utilisation ρ = a/c.
 *
 * Erlang B by the standard recursion (no factorials, every term in [0, 1], so no overflow or underflow for any c):
 *   B(0, a) = 1;  B(k, a) = a·B(k−1, a) / (k + a·B(k−1, a))
 * Source: Kleinrock, Queueing Systems vol. 1 (1975) §3.7 (M/M/m/m, Erlang's loss formula); the recursion is
 * the textbook one, e.g. Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory (4th ed.), ch. 2.
 *
 * Erlang C (probability an arrival waits) from Erlang B (same sources; Kleinrock vol. 1 §3.5, M/M/m):
 *   C(c, a) = c·B(c, a) / (c − a·(1 − B(c, a)))    valid for a < c (stable queue)
 */

/** Erlang B blocking probability for `servers` servers and offered load `offeredLoad` = λ/μ Erlangs. */
export function erlangB(servers: number, offeredLoad: number): number {
  if (!(offeredLoad > 0)) return offeredLoad === 0 ? (servers === 0 ? 1 : 0) : NaN;
  const c = Math.floor(servers);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/**
 * Erlang C: P(an arrival has to wait) in M/M/c. Returns 1 when the queue is unstable (a ≥ c), which is the
 * limit of the formula as ρ → 1 and the honest answer ("everyone waits") for an overloaded pool.
 */
export function erlangC(servers: number, offeredLoad: number): number {
  const c = Math.floor(servers);
  if (offeredLoad <= 0) return 0;
  if (c <= 0 || offeredLoad >= c) return 1;
  return erlangCFromB(c, offeredLoad, erlangB(c, offeredLoad));
}

/** C(c, a) from B(c, a); shared by the incremental server search in `sizing.ts`. */
export function erlangCFromB(servers: number, offeredLoad: number, erlangBValue: number): number {
  if (offeredLoad >= servers) return 1;
  return (servers * erlangBValue) / (servers - offeredLoad * (1 - erlangBValue));
}
