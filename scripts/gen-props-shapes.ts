/**
 * Writes lib/constructs/common/props-shapes.json: the keys of every construct's props interface
 * (which are required, which take only some strings, which nest another interface of ours), read
 * from the TypeScript types themselves, so that the constructs can refuse a misspelt or missing
 * prop at run time (`npm run synth` strips types without checking them) and the list never
 * drifts from the interfaces. Run after changing a props interface: `npm run gen:props`;
 * test/constructs/props-shapes.test.ts fails while the file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const SHAPES_FILE = path.join(ROOT, 'lib', 'constructs', 'common', 'props-shapes.json');

/** Interfaces checked elsewhere (the settings by their validator) or built by this project only: not nested into. */
const OPAQUE = new Set(['TodoConfig', 'ImageContract', 'MigrationImageContract']);

/** One prop of a shape. */
interface PropShape {
  readonly required?: true;
  /** The only strings it takes. */
  readonly oneOf?: readonly string[];
  /** Another shape it must have (or each element of a list must have). */
  readonly shape?: string;
  readonly list?: true;
}

/** The public modules main.ts imports from. */
const ENTRIES = ['index.ts', 'phase-v.ts'].map((f) => path.join(ROOT, 'lib', f));

/** Every *Props interface the public modules export, and the interfaces of ours they nest. */
export function propsShapes(): Record<string, Record<string, PropShape>> {
  const program = ts.createProgram(ENTRIES, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const shapes: Record<string, Record<string, PropShape>> = {};
  const ours = (t: ts.Type) => {
    const decl = (t.aliasSymbol ?? t.getSymbol())?.declarations?.[0];
    return decl !== undefined && ts.isInterfaceDeclaration(decl) && decl.getSourceFile().fileName.startsWith(path.join(ROOT, 'lib')) ? decl.name.text : undefined;
  };
  const shapeOf = (name: string, type: ts.Type): void => {
    if (shapes[name]) return;
    const props: Record<string, PropShape> = {};
    shapes[name] = props;
    for (const symbol of checker.getPropertiesOfType(type).sort((a, b) => a.name.localeCompare(b.name))) {
      const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (!decl || ts.isMethodSignature(decl)) continue;
      let t = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(symbol, decl));
      const prop: { -readonly [K in keyof PropShape]: PropShape[K] } = {};
      if (!(symbol.flags & ts.SymbolFlags.Optional)) prop.required = true;
      if (checker.isArrayType(t) || checker.isTupleType(t)) {
        const element = checker.getTypeArguments(t as ts.TypeReference)[0];
        if (element && ours(element) && !checker.getSignaturesOfType(element, ts.SignatureKind.Call).length) {
          prop.list = true;
          t = element;
        }
      }
      if (t.isUnion() && t.types.every((u) => u.isStringLiteral())) prop.oneOf = t.types.map((u) => (u as ts.StringLiteralType).value).sort();
      const nested = !t.isUnion() ? ours(t) : undefined;
      // Interfaces that constructs implement (IDatabaseConnection, IScalableWorkload) are not data.
      if (nested && (OPAQUE.has(nested) || /^I[A-Z]/.test(nested))) {
        props[symbol.name] = prop;
        continue;
      }
      if (nested && !checker.getPropertiesOfType(t).some((p) => p.declarations?.some((d) => ts.isMethodSignature(d)))) {
        prop.shape = nested;
        shapeOf(nested, t);
      } else if (prop.list) {
        delete prop.list;
      }
      props[symbol.name] = prop;
    }
  };
  // A namespace export (`export * as x from ...`) is looked into: its props are public too.
  const visit = (module: ts.Symbol): void => {
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.ValueModule && symbol !== module) visit(symbol);
      if (!symbol.name.endsWith('Props') || !(symbol.flags & ts.SymbolFlags.Interface)) continue;
      shapeOf(symbol.name, checker.getDeclaredTypeOfSymbol(symbol));
    }
  };
  for (const entry of ENTRIES) visit(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
  return Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]]));
}

export function shapesText(): string {
  return `${JSON.stringify(propsShapes(), null, 1)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SHAPES_FILE, shapesText());
  console.log(`Wrote ${path.relative(process.cwd(), SHAPES_FILE)}`);
}
