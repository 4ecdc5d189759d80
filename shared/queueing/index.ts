/**
 * Queueing maths (pure): Erlang B/C, M/M/c exact waits, M/G/c approximations, Little's law, sizing and
 * backlog drain. Sources and assumptions are in each file and in docs/simulator.md.
 */
export { erlangB, erlangC, erlangCFromB } from './erlang.ts';
export {
  QueueModelSchema, QueueFiguresSchema, queueFigures, probWaitExceeds, waitPercentileSec, variabilityFactor,
  type QueueModel, type QueueFigures,
} from './mmc.ts';
export { littleL, littleW, littleLambda } from './little.ts';
export { serversForWaitP95, serversForWaitPercentile, slotsOf, instancesForSlots, type SizingOptions } from './sizing.ts';
export { backlogDrainSec, capacityPerSec } from './drain.ts';
