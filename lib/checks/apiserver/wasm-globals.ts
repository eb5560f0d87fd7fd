/**
 * Exports every global a WebAssembly module defines, as `__global_<index>`, so that its state
 * (linear memory plus globals) can be saved after initialization and restored into a new
 * instance: the Go runtime keeps its stack pointer and current goroutine in globals.
 * Only the export section changes; code, data and everything else stay as they are.
 */

const EXPORT_SECTION = 7;
const GLOBAL_SECTION = 6;
const IMPORT_SECTION = 2;
const GLOBAL_KIND = 3;

/** The prefix of the added exports. */
export const GLOBAL_EXPORT_PREFIX = '__global_';

/** The module with its globals exported, and how many there are. */
export function exportGlobals(module: Uint8Array): { bytes: Buffer; globals: number } {
  const sections = readSections(module);
  const imported = importedGlobals(module, sections.find((s) => s.id === IMPORT_SECTION));
  const globalSection = sections.find((s) => s.id === GLOBAL_SECTION);
  const defined = globalSection ? readU32(module, globalSection.start).value : 0;
  const exportSection = sections.find((s) => s.id === EXPORT_SECTION);
  if (!exportSection) throw new Error('the module has no export section');

  const count = readU32(module, exportSection.start);
  const entries = [Buffer.from(module.subarray(count.end, exportSection.end))];
  for (let i = imported; i < imported + defined; i++) {
    const name = Buffer.from(`${GLOBAL_EXPORT_PREFIX}${i}`);
    entries.push(Buffer.concat([u32(name.length), name, Buffer.from([GLOBAL_KIND]), u32(i)]));
  }
  const content = Buffer.concat([u32(count.value + defined), ...entries]);
  const section = Buffer.concat([Buffer.from([EXPORT_SECTION]), u32(content.length), content]);
  const bytes = Buffer.concat([Buffer.from(module.subarray(0, exportSection.headerStart)), section, Buffer.from(module.subarray(exportSection.end))]);
  return { bytes, globals: imported + defined };
}

interface Section {
  readonly id: number;
  /** Where the section's id byte is. */
  readonly headerStart: number;
  /** Where its content starts and ends. */
  readonly start: number;
  readonly end: number;
}

function readSections(module: Uint8Array): Section[] {
  if (module.length < 8 || module[0] !== 0 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const sections: Section[] = [];
  let at = 8;
  while (at < module.length) {
    const id = module[at];
    const size = readU32(module, at + 1);
    sections.push({ id, headerStart: at, start: size.end, end: size.end + size.value });
    at = size.end + size.value;
  }
  return sections;
}

/** How many globals the module imports (they come first in the global index space). */
function importedGlobals(module: Uint8Array, section: Section | undefined): number {
  if (!section) return 0;
  let { value: count, end: at } = readU32(module, section.start);
  let globals = 0;
  while (count-- > 0) {
    for (let name = 0; name < 2; name++) {
      const len = readU32(module, at);
      at = len.end + len.value;
    }
    const kind = module[at++];
    if (kind === 0) at = readU32(module, at).end; // function: type index
    else if (kind === 1) at = limits(module, at + 1); // table: reftype, limits
    else if (kind === 2) at = limits(module, at); // memory: limits
    else if (kind === GLOBAL_KIND) {
      at += 2; // valtype, mutability
      globals++;
    } else throw new Error(`unknown import kind ${kind}`);
  }
  return globals;
}

function limits(module: Uint8Array, at: number): number {
  const flags = module[at];
  let end = readU32(module, at + 1).end;
  if (flags & 1) end = readU32(module, end).end;
  return end;
}

function readU32(bytes: Uint8Array, at: number): { value: number; end: number } {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, end: at };
    shift += 7;
  }
}

function u32(value: number): Buffer {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}
