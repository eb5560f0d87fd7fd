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

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const QUANTITY = /^(\d+)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/**
 * A quantity as the API server stores it (`resource.Quantity`'s canonical form): `1024Mi` is
 * `1Gi`, `1000m` is `1`, `0.5` is `500m`, `2000` is `2k`. A binary quantity keeps the largest
 * suffix that divides it exactly (below 1Ki it is written in decimal); a decimal one, the largest
 * power of 1000. Quantities it cannot restate exactly (exponents, fractions of a byte, below 1n)
 * are returned unchanged.
 */
export function canonicalQuantity(quantity: string): string {
  const m = QUANTITY.exec(quantity);
  if (!m) return quantity;
  const [, whole, fraction = '', suffix = ''] = m;
  // value = digits * 10^exponent (* 1024^binaryPower)
  let digits = BigInt(`${whole}${fraction}`);
  let exponent = -fraction.length;
  const binaryPower = BINARY_SUFFIXES.indexOf(suffix);
  if (binaryPower > 0) {
    let bytes = digits * 1024n ** BigInt(binaryPower);
    for (; exponent < 0; exponent++) {
      if (bytes % 10n !== 0n) return quantity;
      bytes /= 10n;
    }
    if (bytes >= 1024n) {
      let power = 0;
      while (power < 6 && bytes % 1024n === 0n) { bytes /= 1024n; power++; }
      return `${bytes}${BINARY_SUFFIXES[power]}`;
    }
    digits = bytes;
  } else if (suffix) {
    exponent += Number(Object.entries(DECIMAL_SUFFIXES).find(([, s]) => s === suffix)![0]);
  }
  if (digits === 0n) return '0';
  while (digits % 10n === 0n && exponent < 18) { digits /= 10n; exponent++; }
  while (((exponent % 3) + 3) % 3 !== 0) { digits *= 10n; exponent--; }
  if (exponent < -9) return quantity;
  return `${digits}${DECIMAL_SUFFIXES[exponent]}`;
}

/** CPU and memory as Kubernetes quantities, e.g. `{ cpu: '100m', memory: '128Mi' }`. */
export interface ResourceQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/** Requests and limits of one container. */
export interface ResourceSettings {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}
