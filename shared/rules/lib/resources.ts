/**
 * Worker pool CPU / memory / GPU validity (docs/sources.md#worker-pool-limits, #worker-pool-terraform). Pure: takes one container's figures and returns
 * what is wrong plus the smallest valid shape that keeps what the user asked for (never less CPU or memory).
 */
import { CPU_MEMORY_MIB, DEFAULT_RESOURCES, L4 } from './limits.ts';

export interface ContainerShape {
  cpuVcpu?: number;
  memoryMiB?: number;
  gpuCount?: number;
}

export interface ResourceProblem {
  /** The field to underline. */
  field: 'cpu' | 'memory' | 'nvidia.com/gpu' | 'accelerator';
  message: string;
}

export interface ResourceVerdict {
  problems: ResourceProblem[];
  /** The corrected shape; undefined fields need no change. */
  cpuVcpu?: number;
  memoryMiB?: number;
  /** 1 when more GPUs were asked for than an instance gets (docs/sources.md#worker-pool-limits: one GPU per instance). */
  gpuCount?: number;
  /** True when a GPU limit is set without `nodeSelector: run.googleapis.com/accelerator`. */
  needsAccelerator: boolean;
  why: string[];
}

const SUPPORTED_CPUS = [...CPU_MEMORY_MIB.keys()].sort((a, b) => a - b);

/** The smallest supported vCPU ≥ `atLeast` whose memory range reaches `memoryMiB`, or undefined when none does. */
function cpuFor(atLeast: number, memoryMiB: number): number | undefined {
  return SUPPORTED_CPUS.find((c) => c >= atLeast && (CPU_MEMORY_MIB.get(c)?.maxMiB ?? 0) >= memoryMiB);
}

export function checkResources(c: ContainerShape, accelerator: string | undefined): ResourceVerdict {
  const problems: ResourceProblem[] = [];
  const why: string[] = [];
  const cpu = c.cpuVcpu ?? DEFAULT_RESOURCES.cpuVcpu;
  const mem = c.memoryMiB ?? DEFAULT_RESOURCES.memoryMiB;
  const gpu = (c.gpuCount ?? 0) > 0;
  const l4 = gpu && (accelerator === undefined || accelerator === L4.accelerator);
  // Other accelerators (RTX PRO 6000: 20 vCPU / 80 GiB, beyond the CPU page's 8 vCPU) have their own table: skip sizes.
  if (gpu && !l4) return { problems, needsAccelerator: false, why };
  let needCpu = cpu;
  let needMem = mem;
  const tooManyGpus = c.gpuCount !== undefined && c.gpuCount > 1;
  if (tooManyGpus) {
    problems.push({ field: 'nvidia.com/gpu', message: `${c.gpuCount} GPUs requested; a worker pool instance gets one GPU` });
    why.push('one GPU per instance');
  }
  if (gpu && !accelerator) problems.push({ field: 'accelerator', message: 'a GPU limit without nodeSelector run.googleapis.com/accelerator' });
  if (cpu < 1) {
    // docs/sources.md#worker-pool-limits: pages disagree on the floor (0.08 vs 1 vCPU); Terraform allows only 1/2/4/6/8 for pools. Don't guess.
  } else if (!CPU_MEMORY_MIB.has(cpu)) {
    problems.push({ field: 'cpu', message: `${cpu} vCPU is not a supported size (1, 2, 4, 6 or 8)` });
  }
  if (l4 && cpu < L4.minVcpu) {
    problems.push({ field: 'cpu', message: `an NVIDIA L4 needs at least ${L4.minVcpu} vCPU, got ${cpu}` });
    needCpu = L4.minVcpu;
    why.push(`L4 needs ≥${L4.minVcpu} vCPU`);
  }
  if (l4 && mem < L4.minMemoryMiB) {
    problems.push({ field: 'memory', message: `an NVIDIA L4 needs at least 16 GiB of memory, got ${fmt(mem)}` });
    needMem = L4.minMemoryMiB;
    why.push('L4 needs ≥16 GiB');
  }
  const range = CPU_MEMORY_MIB.get(cpu);
  if (cpu >= 1 && range && mem < range.minMiB) {
    problems.push({ field: 'memory', message: `${cpu} vCPU needs at least ${fmt(range.minMiB)} of memory, got ${fmt(mem)}` });
  } else if (cpu >= 1 && range && mem > range.maxMiB) {
    problems.push({ field: 'memory', message: `${cpu} vCPU allows at most ${fmt(range.maxMiB)} of memory, got ${fmt(mem)}` });
  }
  if (problems.length === 0) return { problems, needsAccelerator: false, why };
  // Corrected shape: the smallest supported CPU ≥ what was asked that can hold the memory, then memory raised to its floor.
  const fixedCpu = cpu >= 1 ? cpuFor(Math.max(needCpu, 1), needMem) : undefined;
  let fixedMem = needMem;
  const fixedRange = fixedCpu !== undefined ? CPU_MEMORY_MIB.get(fixedCpu) : undefined;
  if (fixedRange && fixedMem < fixedRange.minMiB) fixedMem = fixedRange.minMiB;
  if (fixedCpu !== undefined && fixedCpu !== cpu && !why.some((w) => w.includes('vCPU'))) {
    why.push(CPU_MEMORY_MIB.has(cpu) ? `${fmt(needMem)} needs ${fixedCpu} vCPU` : `${cpu} vCPU is not offered; next size up is ${fixedCpu}`);
  }
  if (fixedRange && fixedMem !== needMem) why.push(`${fixedCpu} vCPU needs ≥${fmt(fixedRange.minMiB)}`);
  return {
    problems,
    cpuVcpu: fixedCpu !== undefined && fixedCpu !== cpu ? fixedCpu : undefined,
    memoryMiB: fixedCpu !== undefined && fixedMem !== mem ? fixedMem : undefined,
    gpuCount: tooManyGpus ? 1 : undefined,
    needsAccelerator: gpu && !accelerator,
    why,
  };
}

function fmt(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${Math.round(mib)} MiB`;
}
