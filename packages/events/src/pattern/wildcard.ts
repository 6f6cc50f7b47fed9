/** Why a wildcard value is invalid, or `undefined` when it is valid (EventBridge's rules). */
export function wildcardProblem(value: string): string | undefined {
  let previousWasWildcard = false;
  for (let index = 0; index < value.length; index++) {
    const character = value[index];
    if (character === '\\') {
      const next = value[index + 1];
      if (next !== '*' && next !== '\\') {
        return 'a backslash may only escape * or \\';
      }
      index++;
      previousWasWildcard = false;
    } else if (character === '*') {
      if (previousWasWildcard) return 'consecutive wildcard characters (**) are not allowed';
      previousWasWildcard = true;
    } else {
      previousWasWildcard = false;
    }
  }
  return undefined;
}

/** Compiles a valid wildcard value (`*` = any run of characters, `\*` and `\\` escapes) to a RegExp. */
export function wildcardToRegExp(value: string): RegExp {
  let source = '';
  for (let index = 0; index < value.length; index++) {
    const character = value[index]!;
    if (character === '\\') {
      source += `\\${value[index + 1]}`;
      index++;
    } else if (character === '*') {
      source += '[\\s\\S]*';
    } else {
      source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'u');
}

/**
 * The most wildcard states EventBridge may track at once for one field. EventBridge rejects a
 * rule whose wildcards on one field can leave too many partial matches alive at the same time
 * ("Rule is too complex - try using fewer wildcard characters or a more specific wildcard
 * pattern"). aws/event-ruler's README ("Matching with a Machine") calls this the machine's
 * complexity: how many wildcard rule prefixes a worst-case event value matches at once. AWS does
 * not publish its limit; 10 is the bound emulators of EventBridge use, and the estimate below
 * counts every live position, so it is at least as strict as the service.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;

/** Distinct sets of live positions explored before a value set counts as too complex. */
const MAX_EXPLORED_STATES = 5000;

type WildcardToken = { star: true } | { star: false; character: string };

/** The tokens of a valid wildcard value, with the enclosing quotes event-ruler matches too. */
function wildcardTokens(value: string): WildcardToken[] {
  const tokens: WildcardToken[] = [{ star: false, character: '"' }];
  for (let index = 0; index < value.length; index++) {
    const character = value[index]!;
    if (character === '\\') {
      tokens.push({ star: false, character: value[index + 1]! });
      index++;
    } else if (character === '*') {
      tokens.push({ star: true });
    } else {
      tokens.push({ star: false, character });
    }
  }
  tokens.push({ star: false, character: '"' });
  return tokens;
}

/**
 * The worst-case number of partial matches alive at once when the valid wildcard `values` of one
 * field are matched against any string: every value is a small automaton (a position per token,
 * `*` matching any run of characters, the empty one included), and all strings are explored
 * through the characters the values name plus one character none of them names.
 * `Number.POSITIVE_INFINITY` when the exploration does not settle.
 *
 * @example
 * ```ts
 * wildcardComplexity(['logs/*.png']); // 3
 * wildcardComplexity(['*:*:*:*:*:event-bus/*']) > MAX_WILDCARD_COMPLEXITY; // true
 * ```
 */
export function wildcardComplexity(values: readonly string[]): number {
  const automata = values.map(wildcardTokens);
  const offsets: number[] = [];
  let total = 0;
  for (const tokens of automata) {
    offsets.push(total);
    total += tokens.length + 1;
  }
  const alphabet = new Set<string>();
  for (const tokens of automata) for (const token of tokens) if (!token.star) alphabet.add(token.character);
  const characters = [...alphabet, '\u0000'];

  /** Adds `position` of automaton `which`, and the positions an empty `*` run reaches. */
  const addWithEmptyStars = (into: Set<number>, which: number, position: number) => {
    const tokens = automata[which]!;
    for (let at = position; at <= tokens.length; at++) {
      into.add(offsets[which]! + at);
      if (!tokens[at]?.star) break;
    }
  };
  const locate = (state: number): [number, number] => {
    let which = offsets.length - 1;
    while (offsets[which]! > state) which--;
    return [which, state - offsets[which]!];
  };

  const start = new Set<number>();
  for (let which = 0; which < automata.length; which++) addWithEmptyStars(start, which, 0);
  let worst = start.size;
  const seen = new Set<string>([[...start].sort((a, b) => a - b).join(',')]);
  const pending: Set<number>[] = [start];
  while (pending.length > 0) {
    const live = pending.pop()!;
    for (const character of characters) {
      const next = new Set<number>();
      for (const state of live) {
        const [which, position] = locate(state);
        const token = automata[which]![position];
        if (token === undefined) continue;
        if (token.star) addWithEmptyStars(next, which, position);
        else if (token.character === character) addWithEmptyStars(next, which, position + 1);
      }
      if (next.size === 0) continue;
      worst = Math.max(worst, next.size);
      const key = [...next].sort((a, b) => a - b).join(',');
      if (seen.has(key)) continue;
      if (seen.size >= MAX_EXPLORED_STATES) return Number.POSITIVE_INFINITY;
      seen.add(key);
      pending.push(next);
    }
  }
  return worst;
}
