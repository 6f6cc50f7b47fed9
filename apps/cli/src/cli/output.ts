/**
 * How data written to stdout is formatted (`--output`).
 *
 * @example
 * ```ts
 * renderOutput(OutputFormat.JSON, { data: { ok: true } });
 * ```
 */
export const OutputFormat = { JSON: 'json', TABLE: 'table', TEXT: 'text' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/** Rows and the columns to show, in order. */
export interface TableView {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Lines printed above the table (`--output table` only), e.g. how a rehearsal ended. */
  readonly caption?: readonly string[];
}

/**
 * A command's result: the data (always what `--output json` prints) and, optionally, how to
 * show it as a table or as text when the generic rendering would not read well.
 */
export interface Printable {
  readonly data: unknown;
  readonly table?: TableView;
  readonly text?: string;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Flattens nested objects to dotted keys: `{ a: { b: 1 } }` → `{ 'a.b': 1 }`. Arrays stay whole. */
export function flattenObject(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(item) && Object.keys(item).length > 0) Object.assign(flat, flattenObject(item, path));
    else flat[path] = item;
  }
  return flat;
}

/** A table for any data: one row per array item, or KEY/VALUE rows for an object. */
export function autoTable(data: unknown): TableView {
  if (Array.isArray(data)) {
    const rows = data.map((item) => (isPlainObject(item) ? flattenObject(item) : { value: item }));
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return { columns, rows };
  }
  if (isPlainObject(data)) {
    const rows = Object.entries(flattenObject(data)).map(([key, value]) => ({ key, value }));
    return { columns: ['key', 'value'], rows };
  }
  return { columns: ['value'], rows: [{ value: data }] };
}

function renderTable(view: TableView): string {
  const caption = view.caption && view.caption.length > 0 ? `${view.caption.join('\n')}\n\n` : '';
  if (view.rows.length === 0) return caption;
  const header = view.columns.map((column) => column.toUpperCase());
  const body = view.rows.map((row) => view.columns.map((column) => cell(row[column])));
  const widths = header.map((title, index) =>
    Math.max(title.length, ...body.map((row) => row[index]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, index) => (index === cells.length - 1 ? text : text.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd();
  return `${caption}${[line(header), ...body.map(line)].join('\n')}\n`;
}

function renderText(view: TableView): string {
  if (view.rows.length === 0) return '';
  return `${view.rows.map((row) => view.columns.map((column) => cell(row[column])).join('\t')).join('\n')}\n`;
}

/**
 * Renders a result for stdout in the chosen format: JSON (pretty, always the full data), an
 * aligned table with a header, or tab-separated text (AWS CLI style, easy to `cut` and `awk`).
 *
 * @example
 * ```ts
 * renderOutput('table', { data: [{ name: 'a', status: 'ok' }] });
 * // NAME  STATUS\na     ok\n
 * ```
 */
export function renderOutput(format: OutputFormat, printable: Printable): string {
  if (format === OutputFormat.JSON) return `${JSON.stringify(printable.data, null, 2)}\n`;
  if (format === OutputFormat.TEXT && printable.text !== undefined) {
    return printable.text.endsWith('\n') || printable.text === '' ? printable.text : `${printable.text}\n`;
  }
  if (typeof printable.data === 'string' && !printable.table) {
    return printable.data.endsWith('\n') ? printable.data : `${printable.data}\n`;
  }
  const view = printable.table ?? autoTable(printable.data);
  return format === OutputFormat.TABLE ? renderTable(view) : renderText(view);
}
