import { FieldIssue, describeValue } from '../../model/field-checker';
import { nearest } from '../../util/nearest';
import SHAPES from './props-shapes.json';

/** One prop of a props interface, as scripts/gen-props-shapes.ts reads it from the types. */
interface PropShape {
  readonly required?: boolean;
  readonly oneOf?: readonly string[];
  readonly shape?: string;
  readonly list?: boolean;
}

const shapes = SHAPES as unknown as Readonly<Record<string, Readonly<Record<string, PropShape>>>>;

/** Whether a props interface of this name is known (a user's own subclass props are not). */
export function hasShape(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(shapes, name);
}

/**
 * What is wrong with `value` as the props interface `name`, as the TypeScript compiler would have
 * said had synth type-checked main.ts: unknown keys (with the one that was probably meant),
 * missing required ones, strings outside a union of literals, the same inside nested props of
 * ours. Values of unknown keys are never shown (a misplaced one may be a secret). Checked for
 * the construct the user built (`new.target`), not for the props a subclass passes to `super`.
 */
export function shapeIssues(name: string, value: unknown, prefix = ''): FieldIssue[] {
  const shape = shapes[name];
  // Plain data only: a construct or class instance given for an interface (a workload) is not its props.
  if (!shape || typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return [];
  const known = Object.keys(shape);
  const problems: FieldIssue[] = [];
  for (const key of Object.keys(value)) {
    if (Object.prototype.hasOwnProperty.call(shape, key)) continue;
    const meant = nearest(key, known);
    problems.push({ field: `${prefix}${key}`, problem: `unknown prop${meant ? ` (did you mean "${meant}"?)` : ''}`, allowed: known.join(', ') });
  }
  for (const [key, prop] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) {
      if (prop.required) problems.push({ field: `${prefix}${key}`, problem: 'missing', allowed: `a value: ${name} requires it` });
      continue;
    }
    if (prop.oneOf && !prop.oneOf.includes(v as string)) problems.push({ field: `${prefix}${key}`, problem: `got ${describeValue(key, v)}`, allowed: `one of ${prop.oneOf.map((o) => JSON.stringify(o)).join(', ')}` });
    if (!prop.shape) continue;
    if (prop.list && Array.isArray(v)) v.forEach((item, i) => problems.push(...shapeIssues(prop.shape!, item, `${prefix}${key}[${i}].`)));
    else if (!prop.list) problems.push(...shapeIssues(prop.shape, v, `${prefix}${key}.`));
  }
  return problems;
}
