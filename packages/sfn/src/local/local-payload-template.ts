/**
 * Payload templates (Parameters, ResultSelector, a Distributed Map's ItemSelector) for the local
 * interpreter: a field whose name ends in `.$` takes the value its path selects or its intrinsic
 * call returns, under the name without `.$`; every other field is kept ("Manipulate parameters in
 * Step Functions workflows",
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html). A path
 * that selects nothing fails the state with `States.Runtime` (see `queryPath`).
 */
import { evaluateIntrinsic, isSupportedIntrinsic } from './local-intrinsic-functions.js';
import { isPlainObject, isSupportedReferencePath, queryPath } from './local-json-path.js';

/** True when every `.$` field of a payload template is a supported path or intrinsic call. */
export function isSupportedTemplate(template: unknown): boolean {
  if (typeof template !== 'object' || template === null) return true;
  if (Array.isArray(template)) return template.every(isSupportedTemplate);
  return Object.entries(template).every(([key, value]) => {
    if (key.endsWith('.$') && typeof value === 'string')
      return value.startsWith('$') ? isSupportedReferencePath(value) : isSupportedIntrinsic(value);
    return isSupportedTemplate(value);
  });
}

/** A payload template made into a function once (see `TemplateCache`). */
type CompiledTemplate = (input: unknown, context: unknown) => unknown;

/**
 * Compiled templates by template object, for one run (a definition does not change during a
 * run; between runs a caller may change it, so each run has its own cache).
 */
export type TemplateCache = WeakMap<object, CompiledTemplate>;

/** Applies a payload template (Parameters, ResultSelector). */
export function applyTemplate(
  template: unknown,
  input: unknown,
  context: unknown,
  cache: TemplateCache,
): unknown {
  if (typeof template !== 'object' || template === null) return template;
  return compiledTemplate(template, cache)(input, context);
}

function compiledTemplate(template: object, cache: TemplateCache): CompiledTemplate {
  let compiled = cache.get(template);
  if (!compiled) {
    compiled = compileTemplate(template, cache);
    cache.set(template, compiled);
  }
  return compiled;
}

/** A value inside an array of a template: any object in it is a template too. */
function compileItem(value: unknown, cache: TemplateCache): CompiledTemplate {
  if (typeof value !== 'object' || value === null) return () => value;
  return compiledTemplate(value, cache);
}

function compileTemplate(template: object, cache: TemplateCache): CompiledTemplate {
  if (Array.isArray(template)) {
    const items = template.map((value) => compileItem(value, cache));
    return (input, context) => items.map((item) => item(input, context));
  }
  const fields = Object.entries(template).map(([key, value]): [string, CompiledTemplate] => {
    if (key.endsWith('.$') && typeof value === 'string') {
      const produce: CompiledTemplate = value.startsWith('$')
        ? (input, context) => queryPath(value, input, context)
        : (input, context) => evaluateIntrinsic(value, input, context);
      return [key.replace('.$', ''), produce];
    }
    if (Array.isArray(value) || isPlainObject(value)) return [key, compiledTemplate(value, cache)];
    return [key, () => value];
  });
  // Fields are evaluated in order: the first that fails decides the error.
  return (input, context) =>
    Object.fromEntries(fields.map(([key, produce]) => [key, produce(input, context)]));
}
