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
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Bytes of a memory or storage quantity, or undefined when it is not one. */
export function parseBytes(quantity: string): number | undefined {
  const m = BYTES.exec(quantity);
  if (!m) return undefined;
  return Number(m[1]) * BYTE_FACTORS[m[2] ?? ''];
}
