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
