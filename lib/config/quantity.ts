/**
 * Kubernetes resource quantities, parsed the way the API server reads them, for the two shapes
 * this project sets: CPU (`250m`, `0.5`, `2`) and memory (`128Mi`, `1Gi`, `500M`).
 */

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

const BYTE_FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Millicores of a CPU quantity, or undefined when it is not one. */
export function parseCpuMillis(quantity: string): number | undefined {
  const m = CPU.exec(quantity);
  if (!m) return undefined;
  if (m[2] === 'm') return Number(m[1]);
  // Cores to millicores by moving the decimal point, not by multiplying: 1.1 * 1000 is not 1100.
  const [whole, fraction = ''] = m[1].split('.');
  const millis = Number(`${whole}${fraction.slice(0, 3).padEnd(3, '0')}`);
  const rest = fraction.slice(3);
  return /[1-9]/.test(rest) ? millis + Number(`0.${rest}`) : millis;
}

/** Bytes of a memory or storage quantity, or undefined when it is not one. */
export function parseBytes(quantity: string): number | undefined {
  const m = BYTES.exec(quantity);
  if (!m) return undefined;
  return Number(m[1]) * BYTE_FACTORS[m[2] ?? ''];
}

/** A range of quantities, with how to say it in a message. */
export interface QuantityRange {
  readonly min: number;
  readonly max: number;
  /** e.g. `from 1m to 1000`. */
  readonly text: string;
}

/**
 * CPU per container: at least 1m (the API server's precision; less is rounded up, so "0.0001"
 * would silently become 1m) and at most 1000 cores, beyond any node.
 */
export const CPU_RANGE: QuantityRange = { min: 1, max: 1000 * 1000, text: 'from 1m to 1000 (cores)' };

/**
 * Memory per container: at least 6Mi, the smallest limit container runtimes start a container
 * with (a "1" byte limit is one byte), and at most 1Pi, beyond any node and far below int64.
 */
export const MEMORY_RANGE: QuantityRange = { min: 6 * 2 ** 20, max: 2 ** 50, text: 'from 6Mi to 1Pi' };

/** A volume: at least 1Mi, at most 1Pi. */
export const STORAGE_RANGE: QuantityRange = { min: 2 ** 20, max: 2 ** 50, text: 'from 1Mi to 1Pi' };

/** Whether a parsed CPU quantity is a whole number of millicores within the range. */
export function cpuInRange(millis: number | undefined): boolean {
  return millis !== undefined && Number.isInteger(millis) && millis >= CPU_RANGE.min && millis <= CPU_RANGE.max;
}

/** Whether a parsed byte quantity is within a range. */
export function bytesInRange(bytes: number | undefined, range: QuantityRange): boolean {
  return bytes !== undefined && bytes >= range.min && bytes <= range.max;
}
