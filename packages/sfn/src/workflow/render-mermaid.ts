/** A state as the renderer reads it (any ASL state). */
interface StateLike {
  Type?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<Record<string, unknown> & { Next?: string }>;
  Catch?: Array<{ ErrorEquals?: string[]; Next?: string }>;
  ItemProcessor?: ScopeLike;
  Iterator?: ScopeLike;
  Branches?: ScopeLike[];
}
interface ScopeLike {
  StartAt?: string;
  States?: Record<string, StateLike>;
}

const COMPARISONS: Record<string, string> = {
  StringEquals: '==',
  NumericEquals: '==',
  BooleanEquals: '==',
  NumericLessThan: '<',
  NumericGreaterThan: '>',
  NumericLessThanEquals: '<=',
  NumericGreaterThanEquals: '>=',
  StringMatches: 'matches',
  IsPresent: 'present ==',
};

function describeCondition(rule: Record<string, unknown>): string {
  if (Array.isArray(rule.And))
    return (rule.And as Record<string, unknown>[]).map(describeCondition).join(' and ');
  if (Array.isArray(rule.Or))
    return (rule.Or as Record<string, unknown>[]).map(describeCondition).join(' or ');
  if (rule.Not && typeof rule.Not === 'object')
    return `not (${describeCondition(rule.Not as Record<string, unknown>)})`;
  const variable = String(rule.Variable ?? '');
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    const operator = COMPARISONS[key] ?? key;
    return `${variable} ${operator} ${typeof value === 'string' ? `'${value}'` : JSON.stringify(value)}`;
  }
  return variable;
}

/** Mermaid-safe text inside `"..."`. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

class MermaidWriter {
  private readonly ids = new Map<string, string>();
  readonly lines: string[] = ['flowchart TD'];

  id(scope: string, name: string): string {
    const key = `${scope}\u0000${name}`;
    let id = this.ids.get(key);
    if (!id) {
      id = `s${this.ids.size}`;
      this.ids.set(key, id);
    }
    return id;
  }

  node(id: string, name: string, type: string | undefined, indent: string): void {
    const label = escapeLabel(name);
    const shape =
      type === 'Choice'
        ? `{"${label}"}`
        : type === 'Succeed' || type === 'Fail'
          ? `(["${label}"])`
          : type === 'Wait'
            ? `[/"${label}"/]`
            : `["${label}"]`;
    this.lines.push(`${indent}${id}${shape}`);
  }

  scope(scope: ScopeLike, scopeKey: string, indent: string): void {
    const states = scope.States ?? {};
    for (const [name, state] of Object.entries(states)) {
      const id = this.id(scopeKey, name);
      const nested = state.ItemProcessor ?? state.Iterator;
      if (nested || state.Branches) {
        this.node(id, name, state.Type, indent);
        const bodies = nested ? [nested] : (state.Branches ?? []);
        bodies.forEach((body, index) => {
          const bodyKey = `${scopeKey}/${name}/${index}`;
          const label = nested ? `${name} (for each item)` : `${name} (branch ${index + 1})`;
          this.lines.push(`${indent}subgraph ${id}_${index}["${escapeLabel(label)}"]`);
          this.lines.push(`${indent}  direction TB`);
          this.scope(body, bodyKey, `${indent}  `);
          this.lines.push(`${indent}end`);
          if (body.StartAt) this.lines.push(`${indent}${id} --> ${this.id(bodyKey, body.StartAt)}`);
        });
      } else {
        this.node(id, name, state.Type, indent);
      }
    }
    for (const [name, state] of Object.entries(states)) {
      const id = this.id(scopeKey, name);
      if (state.Next) this.lines.push(`${indent}${id} --> ${this.id(scopeKey, state.Next)}`);
      for (const rule of state.Choices ?? []) {
        if (!rule.Next) continue;
        this.lines.push(
          `${indent}${id} -->|"${escapeLabel(describeCondition(rule))}"| ${this.id(scopeKey, rule.Next)}`,
        );
      }
      if (state.Default) this.lines.push(`${indent}${id} -->|otherwise| ${this.id(scopeKey, state.Default)}`);
      for (const catcher of state.Catch ?? []) {
        if (!catcher.Next || catcher.Next === state.Next) continue;
        const errors = escapeLabel((catcher.ErrorEquals ?? []).join(', '));
        this.lines.push(`${indent}${id} -.->|"catch ${errors}"| ${this.id(scopeKey, catcher.Next)}`);
      }
    }
  }
}

/**
 * A Mermaid flowchart of an ASL document: every state (Choice as a diamond, Wait as a
 * parallelogram, Succeed/Fail rounded), Map and Parallel bodies as subgraphs, Choice rules as
 * labelled edges and Catch edges dotted. Catches that only skip to the state's own next state
 * (best-effort event publishing) are left out to keep the picture readable.
 *
 * @example
 * ```ts
 * console.log(renderMermaid(createUpgradeStateMachineDefinition()));
 * // flowchart TD
 * //   start((start)) --> s0 ...
 * ```
 */
export function renderMermaid(asl: unknown): string {
  const document = (typeof asl === 'string' ? JSON.parse(asl) : asl) as ScopeLike;
  const writer = new MermaidWriter();
  writer.lines.push('  start((start))');
  writer.scope(document, 'root', '  ');
  if (document.StartAt) writer.lines.push(`  start --> ${writer.id('root', document.StartAt)}`);
  return `${writer.lines.join('\n')}\n`;
}
