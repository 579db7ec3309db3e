/**
 * This process's peak resident memory in MB: VmHWM from /proc/self/status, the high-water mark of the
 * process's own memory since it started. Not process.resourceUsage().maxRSS: Linux carries that value
 * over from the parent through fork and exec, so a child of a bench that has itself grown (e.g. while
 * writing a 1M-row XLSX sample) would report the parent's peak. Falls back to maxRSS off Linux.
 */
import { readFileSync } from 'node:fs';

export function peakRssMB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Math.round(Number(match[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
