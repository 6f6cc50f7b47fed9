/**
 * Keeps a source map's mappings for our own code only (this package and the workspace
 * packages); every segment of third-party code (the AWS SDK, zod, Powertools...) becomes an
 * "unmapped" one-field segment, so a stack frame inside the SDK is not misattributed to the
 * last line of ours. Sources and names nobody references any more are dropped. A trimmed map is
 * a fraction of the full one, which keeps the function zip small.
 */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`Invalid VLQ character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeValue(value) {
  let vlq = value < 0 ? (-value << 1) | 1 : value << 1;
  let text = '';
  do {
    let digit = vlq & 31;
    vlq >>>= 5;
    if (vlq > 0) digit |= 32;
    text += BASE64[digit];
  } while (vlq > 0);
  return text;
}

/**
 * @param {{ version: number, sources: string[], names: string[], mappings: string }} map
 * @param {(source: string) => boolean} keep which sources stay mapped
 */
export function trimSourceMap(map, keep) {
  // Decode to absolute values.
  const lines = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let name = 0;
  for (const line of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const text of line ? line.split(',') : []) {
      const fields = decodeSegment(text);
      column += fields[0];
      const segment = { column };
      if (fields.length >= 4) {
        source += fields[1];
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segment.source = source;
        segment.line = sourceLine;
        segment.sourceColumn = sourceColumn;
        if (fields.length >= 5) {
          name += fields[4];
          segment.name = name;
        }
      }
      segments.push(segment);
    }
    lines.push(segments);
  }
  // Re-index the kept sources and names, then re-encode relative values.
  const sourceIndex = new Map();
  const nameIndex = new Map();
  const sources = [];
  const names = [];
  let previous = { source: 0, line: 0, sourceColumn: 0, name: 0 };
  const encoded = lines.map((segments) => {
    let previousColumn = 0;
    const out = [];
    let lastWasUnmapped = false;
    for (const segment of segments) {
      const mapped = segment.source !== undefined && keep(map.sources[segment.source]);
      if (!mapped) {
        if (lastWasUnmapped) continue; // one unmapped marker covers the run
        out.push(encodeValue(segment.column - previousColumn));
        previousColumn = segment.column;
        lastWasUnmapped = true;
        continue;
      }
      lastWasUnmapped = false;
      if (!sourceIndex.has(segment.source)) {
        sourceIndex.set(segment.source, sources.length);
        sources.push(map.sources[segment.source]);
      }
      const newSource = sourceIndex.get(segment.source);
      let text =
        encodeValue(segment.column - previousColumn) +
        encodeValue(newSource - previous.source) +
        encodeValue(segment.line - previous.line) +
        encodeValue(segment.sourceColumn - previous.sourceColumn);
      previousColumn = segment.column;
      previous = { ...previous, source: newSource, line: segment.line, sourceColumn: segment.sourceColumn };
      if (segment.name !== undefined) {
        if (!nameIndex.has(segment.name)) {
          nameIndex.set(segment.name, names.length);
          names.push(map.names[segment.name]);
        }
        const newName = nameIndex.get(segment.name);
        text += encodeValue(newName - previous.name);
        previous.name = newName;
      }
      out.push(text);
    }
    return out.join(',');
  });
  return { ...map, sources, names, mappings: encoded.join(';') };
}
