import { ImageSizeError } from './errors';

/** Decimal units, as the contract's size targets (MB = 10^6 bytes) and `docker images` use them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Both forms, for messages: `312.4 MB (312400000 bytes)`. */
export function describeBytes(bytes: number): string {
  return `${formatBytes(bytes)} (${bytes} bytes)`;
}

/** Fails unless the image is smaller than its target (the contract says "< 300MB"). */
export function checkImageSize(image: string, reference: string, sizeBytes: number, maxSizeBytes: number): void {
  if (sizeBytes < maxSizeBytes) return;
  throw new ImageSizeError(
    `${image}: image ${reference} is ${describeBytes(sizeBytes)}, not under its size target of ${describeBytes(maxSizeBytes)}. ` +
      'The image was kept for inspection (`docker history ' + reference + '`); the lock file was not written.',
    sizeBytes,
    maxSizeBytes,
  );
}
