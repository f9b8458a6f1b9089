// The console's table: a caption for screen readers, column headers, one row per item, and a
// sentence when there is nothing to show. Cells render whatever the page gives them.
import type { ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly header: ReactNode;
  readonly cell: (row: T) => ReactNode;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

export function DataTable<T>({ caption, columns, rows, rowKey, empty, testId }: { readonly caption: string; readonly columns: readonly Column<T>[]; readonly rows: readonly T[]; readonly rowKey: (row: T) => string; readonly empty: string; readonly testId?: string }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'numeric' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
