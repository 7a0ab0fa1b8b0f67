import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ListColumn } from './columns.ts';
import { buildXlsx, xlsxFileName } from './xlsx.ts';

/** Props of ExportXlsxButton: the rows the list shows now, its columns and a file name. */
export interface ExportXlsxButtonProps<T> {
  fileName: string;
  columns: readonly ListColumn<T>[];
  rows: readonly T[];
  sheetName?: string;
}

/** Exports the rows a list shows (the current page) to an XLSX file, under the visible column titles. */
export function ExportXlsxButton<T>({ fileName, columns, rows, sheetName }: ExportXlsxButtonProps<T>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function exportRows() {
    setBusy(true);
    try {
      const bytes = await buildXlsx(sheetName ?? fileName, columns, rows);
      const blob = new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = xlsxFileName(fileName, new Date());
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      message.success(t('export.done', { count: rows.length }));
    } catch (error) {
      message.error(t('export.failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button icon={<DownloadOutlined />} loading={busy} disabled={rows.length === 0} onClick={() => void exportRows()} data-testid="export-xlsx">
      {t('export.button')}
    </Button>
  );
}
