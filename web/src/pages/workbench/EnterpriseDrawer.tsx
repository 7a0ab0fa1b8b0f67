import { useEffect, useState } from 'react';
import { Alert, Descriptions, Drawer, Grid, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { EnterpriseDetail } from '../../api/types.ts';
import { industryLabel, sizeLabel, statusLabel } from '../../enterprise-labels.ts';
import { formatCount, formatFen } from '../../format.ts';

/** The details of one enterprise in a drawer; personal fields are shown as the API masked them. */
export function EnterpriseDrawer({ uscc, onClose }: { uscc: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [detail, setDetail] = useState<EnterpriseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!uscc) return;
    let alive = true;
    setDetail(null);
    setError(null);
    apiGet<EnterpriseDetail>(`/api/enterprises/${encodeURIComponent(uscc)}`)
      .then((answer) => alive && setDetail(answer))
      .catch((failure: unknown) => alive && setError(failure));
    return () => {
      alive = false;
    };
  }, [uscc]);

  const d = detail;
  return (
    <Drawer
      open={uscc !== null}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={d?.name ?? uscc}
      data-testid="enterprise-drawer"
    >
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      {!d && error === null && <Skeleton active />}
      {d && (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'uscc', label: t('enterprise.uscc'), children: d.uscc },
              { key: 'status', label: t('enterprise.statusLabel'), children: statusLabel(d.status, t) },
              { key: 'district', label: t('enterprise.district'), children: d.districtName },
              { key: 'town', label: t('enterprise.town'), children: d.townName },
              { key: 'address', label: t('enterprise.address'), children: d.address },
              { key: 'industry', label: t('enterprise.industry'), children: `${d.industryCode} ${industryLabel(d, i18n.language)}` },
              { key: 'size', label: t('enterprise.sizeClass'), children: sizeLabel(d.sizeClass, t) },
              { key: 'registeredAt', label: t('enterprise.registeredAt'), children: d.registeredAt },
              { key: 'capital', label: t('enterprise.registeredCapital'), children: formatFen(d.registeredCapitalFen) },
              { key: 'employees', label: t('enterprise.employees'), children: formatCount(d.employees) },
              { key: 'revenue', label: t('enterprise.revenue'), children: formatFen(d.revenueFen) },
              {
                key: 'patents',
                label: t('enterprise.patents'),
                children: t('enterprise.patentCounts', {
                  invention: d.patents.invention,
                  utility: d.patents.utility,
                  design: d.patents.design,
                }),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('enterprise.legalRepresentative')} <Tag>{t('enterprise.maskedByRole')}</Tag>
          </Typography.Title>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'name', label: t('enterprise.personName'), children: d.legalRepresentative.name },
              { key: 'id', label: t('enterprise.idNumber'), children: d.legalRepresentative.idNumber },
              { key: 'phone', label: t('enterprise.phone'), children: d.legalRepresentative.phone },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
