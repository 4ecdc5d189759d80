/** The scaler that really scales a pool's worker pool. */
import type { Pool, Scaler } from '../../config/model.ts';

/**
 * The pool's scaler, unless it targets a Cloud Run *service* (`…/services/NAME`): linking matches short names, so a
 * CREMA config scaling a service of the same name as the worker pool ends up in the pool, but it does not scale the
 * pool (DOMAIN.md §2.1: the target is a workload FQN). scaler-targets-service reports that case.
 */
export function poolScaler(pool: Pool): Scaler | undefined {
  return pool.scaler?.targetKind === 'services' ? undefined : pool.scaler;
}
