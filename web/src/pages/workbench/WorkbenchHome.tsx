import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { industrySections } from '../../../../src/kernel/industry.ts';
import { errorMessage } from '../../api/errors.ts';
import type { Division, EnterpriseSummary, EnterprisesByDistrict, Page, SizeClass } from '../../api/types.ts';
import { useApiGet } from '../../api/useApi.ts';
import { useMe } from '../../auth/context.ts';
import { toTableColumns, type ListColumn } from '../../components/columns.ts';
import { ExportXlsxButton } from '../../components/ExportXlsxButton.tsx';
import { useListParams } from '../../components/useListParams.ts';
import { divisionLevel } from '../../divisions.ts';
import { industryLabel, sizeLabel, statusLabel } from '../../enterprise-labels.ts';
import { formatCount, formatFen } from '../../format.ts';
import { EnterpriseDrawer } from './EnterpriseDrawer.tsx';

const SIZE_CLASSES: readonly SizeClass[] = ['large', 'medium', 'small', 'micro'];
const STATUS_COLOURS = { active: 'green', abnormal: 'orange', deregistered: 'default' } as const;

/** The district filter's options: the districts of the user's city (none for a district or town official). */
function useDistrictOptions(divisionCode: string | null): Division[] {
  const level = divisionCode === null ? 'none' : divisionLevel(divisionCode);
  const byParent = useApiGet<{ items: Division[] }>(level === 'city' ? '/api/divisions' : null, { parent: divisionCode });
  // Without a division of their own (platform admin) the cockpit's children are the demo city's districts.
  const fromCockpit = useApiGet<EnterprisesByDistrict>(level === 'none' ? '/api/cockpit/enterprises-by-district' : null);
  if (level === 'city') return byParent.data?.items ?? [];
  if (level === 'none') return (fromCockpit.data?.items ?? []).map((item) => ({ code: item.code, name: item.name, level: 'district' }));
  return [];
}

/** The officials' workbench home: the enterprises of the user's division, paged and filtered on the server. */
export default function WorkbenchHome() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const listParams = useListParams();
  const { update } = listParams;
  const [openUscc, setOpenUscc] = useState<string | null>(null);
  const query = {
    q: listParams.get('q'),
    districtCode: listParams.get('districtCode'),
    industrySection: listParams.get('industrySection'),
    sizeClass: listParams.get('sizeClass'),
  };
  const list = useApiGet<Page<EnterpriseSummary>>('/api/enterprises', { ...query, page: listParams.page, pageSize: listParams.pageSize });
  const districts = useDistrictOptions(me.org.divisionCode);
  const zh = i18n.language.startsWith('zh');

  const columns = useMemo<ListColumn<EnterpriseSummary>[]>(
    () => [
      {
        key: 'name',
        width: 220,
        title: t('enterprise.name'),
        value: (r) => r.name,
        render: (r) => (
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpenUscc(r.uscc)}>
            {r.name}
          </Button>
        ),
      },
      { key: 'uscc', noWrap: true, title: t('enterprise.uscc'), value: (r) => r.uscc, responsive: ['md'] },
      { key: 'district', noWrap: true, title: t('enterprise.district'), value: (r) => r.districtName, responsive: ['lg'] },
      { key: 'town', noWrap: true, title: t('enterprise.town'), value: (r) => r.townName, responsive: ['xxl'] },
      { key: 'industry', width: 180, title: t('enterprise.industry'), value: (r) => industryLabel(r, i18n.language), responsive: ['lg'] },
      { key: 'size', noWrap: true, title: t('enterprise.sizeClass'), value: (r) => sizeLabel(r.sizeClass, t) },
      { key: 'registeredAt', noWrap: true, title: t('enterprise.registeredAt'), value: (r) => r.registeredAt, responsive: ['md'] },
      {
        key: 'capital',
        noWrap: true,
        title: t('enterprise.registeredCapital'),
        value: (r) => formatFen(r.registeredCapitalFen),
        responsive: ['xxl'],
      },
      { key: 'employees', noWrap: true, title: t('enterprise.employees'), value: (r) => r.employees, render: (r) => formatCount(r.employees), responsive: ['xxl'] },
      {
        key: 'status',
        noWrap: true,
        title: t('enterprise.statusLabel'),
        value: (r) => statusLabel(r.status, t),
        render: (r) => <Tag color={STATUS_COLOURS[r.status]}>{statusLabel(r.status, t)}</Tag>,
      },
    ],
    [t, i18n.language],
  );

  const rows = list.data?.items ?? [];
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workbench.title')}
        </Typography.Title>
        <ExportXlsxButton fileName={t('workbench.exportName')} columns={columns} rows={rows} />
      </Flex>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={query.q}
          placeholder={t('workbench.searchPlaceholder')}
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: 280 }}
          data-testid="enterprise-search"
        />
        {districts.length > 0 && (
          <Select
            allowClear
            placeholder={t('enterprise.district')}
            value={query.districtCode || undefined}
            onChange={(value?: string) => update({ districtCode: value ?? null })}
            options={districts.map((d) => ({ value: d.code, label: d.name }))}
            style={{ width: 160 }}
          />
        )}
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('enterprise.industrySection')}
          value={query.industrySection || undefined}
          onChange={(value?: string) => update({ industrySection: value ?? null })}
          options={industrySections().map((s) => ({ value: s.letter, label: `${s.letter} ${zh ? s.name : s.nameEn}` }))}
          style={{ width: 240 }}
          popupMatchSelectWidth={false}
        />
        <Select
          allowClear
          placeholder={t('enterprise.sizeClass')}
          value={query.sizeClass || undefined}
          onChange={(value?: string) => update({ sizeClass: value ?? null })}
          options={SIZE_CLASSES.map((s) => ({ value: s, label: sizeLabel(s, t) }))}
          style={{ width: 140 }}
        />
      </Flex>
      {list.error !== null && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <div data-testid="enterprise-table">
        <Table<EnterpriseSummary>
          rowKey="uscc"
          size="middle"
          loading={list.loading}
          columns={toTableColumns(columns)}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{
            ...listParams.pagination(list.data?.total ?? 0),
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('list.total', { total: formatCount(total) }),
          }}
          onRow={(row) => ({ onDoubleClick: () => setOpenUscc(row.uscc) })}
        />
      </div>
      <EnterpriseDrawer uscc={openUscc} onClose={() => setOpenUscc(null)} />
    </Card>
  );
}
