import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    totalMemoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()} ${process.arch}`,
  };
}

/** CPU time consumed so far, in seconds, per named process (all threads), plus the whole machine. */
export interface CpuSnapshot {
  atMs: number;
  perProcess: Map<string, number>;
  /** Busy and total CPU seconds of the machine, summed over all cores (from /proc/stat). */
  machineBusy: number;
  machineTotal: number;
}

export interface CpuPhase {
  /** CPU seconds per process during the phase. */
  cpuSeconds: Record<string, number>;
  /** Average cores kept busy by each process (1.0 = one core fully busy). */
  cores: Record<string, number>;
  /** Share of the whole machine's CPU that was busy (all processes, 1.0 = every core busy). */
  machineBusyShare: number;
  /**
   * Cores kept busy by everything else on the machine (busy time not charged to the processes above:
   * other programs, and kernel work such as softirqs). Well above 0.05 means the figures are disturbed.
   */
  otherCores: number;
  wallSeconds: number;
}

/**
 * Reads per-process CPU time from /proc (Linux). On other platforms snapshots are empty and the
 * phase breakdown is simply absent.
 */
export class CpuSampler {
  private readonly ticksPerSecond: number;
  readonly available: boolean;

  constructor(private readonly pids: () => Map<string, number | undefined>) {
    this.available = process.platform === 'linux';
    this.ticksPerSecond = this.available ? clockTicks() : 100;
  }

  snapshot(): CpuSnapshot {
    const perProcess = new Map<string, number>();
    let machineBusy = 0;
    let machineTotal = 0;
    if (this.available) {
      for (const [name, pid] of this.pids()) {
        if (pid === undefined) continue;
        const t = readProcessTicks(pid);
        if (t !== undefined) perProcess.set(name, t / this.ticksPerSecond);
      }
      const m = readMachineTicks();
      machineBusy = m.busy / this.ticksPerSecond;
      machineTotal = m.total / this.ticksPerSecond;
    }
    return { atMs: performance.now(), perProcess, machineBusy, machineTotal };
  }

  static phase(from: CpuSnapshot, to: CpuSnapshot): CpuPhase {
    const wallSeconds = (to.atMs - from.atMs) / 1000;
    const cpuSeconds: Record<string, number> = {};
    const cores: Record<string, number> = {};
    for (const [name, end] of to.perProcess) {
      const start = from.perProcess.get(name);
      if (start === undefined) continue;
      cpuSeconds[name] = round(end - start, 2);
      cores[name] = wallSeconds > 0 ? round((end - start) / wallSeconds, 2) : 0;
    }
    const total = to.machineTotal - from.machineTotal;
    const busy = to.machineBusy - from.machineBusy;
    const ours = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
    return {
      cpuSeconds,
      cores,
      machineBusyShare: total > 0 ? round(busy / total, 2) : 0,
      otherCores: wallSeconds > 0 ? round(Math.max(0, busy - ours) / wallSeconds, 2) : 0,
      wallSeconds: round(wallSeconds, 2),
    };
  }
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime + stime of a process (all its threads), in clock ticks. */
function readProcessTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function readMachineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
