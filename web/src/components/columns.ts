import type { ReactNode } from 'react';
import type { ColumnsType } from 'antd/es/table/index.js';

/**
 * A column of a list page, defined once for the table and for the XLSX export: `value` is the
 * plain cell value written to the file, `render` (optional) what the table shows instead.
 */
export interface ListColumn<T> {
  key: string;
  title: string;
  value: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
  width?: number;
  /** Short values (dates, codes, tags) that should not wrap inside the cell. */
  noWrap?: boolean;
  /** Kept out of the table on narrow screens (still exported). */
  responsive?: ('sm' | 'md' | 'lg' | 'xl' | 'xxl')[];
}

/** The antd table columns of a list. */
export function toTableColumns<T>(columns: readonly ListColumn<T>[]): ColumnsType<T> {
  return columns.map((column) => ({
    key: column.key,
    title: column.title,
    width: column.width,
    responsive: column.responsive,
    onHeaderCell: column.noWrap ? () => ({ style: { whiteSpace: 'nowrap' } }) : undefined,
    onCell: column.noWrap ? () => ({ style: { whiteSpace: 'nowrap' } }) : undefined,
    render: (_: unknown, row: T) => (column.render ? column.render(row) : column.value(row)),
  }));
}
