import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnterpriseSummary } from '../../api/types.ts';
import { industryLabel, sizeLabel, statusLabel } from '../../enterprise-labels.ts';
import { formatFen } from '../../format.ts';

const STATUS_COLOURS = { active: 'green', abnormal: 'orange', deregistered: 'default' } as const;

/** A company's card: name, USCC, district, industry, size, registration date, capital. */
export function CompanyCard({ company }: { company: EnterpriseSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <Card
      data-testid="company-card"
      title={
        <Typography.Text strong style={{ whiteSpace: 'normal' }} data-testid="company-name">
          {company.name}
        </Typography.Text>
      }
      extra={<Tag color={STATUS_COLOURS[company.status]}>{statusLabel(company.status, t)}</Tag>}
    >
      <Descriptions
        column={{ xs: 1, sm: 2, lg: 3 }}
        size="small"
        items={[
          { key: 'uscc', label: t('enterprise.uscc'), children: <span data-testid="company-uscc">{company.uscc}</span> },
          { key: 'district', label: t('enterprise.district'), children: [company.districtName, company.townName].filter(Boolean).join(' · ') },
          { key: 'industry', label: t('enterprise.industry'), children: industryLabel(company, i18n.language) },
          { key: 'size', label: t('enterprise.sizeClass'), children: sizeLabel(company.sizeClass, t) },
          { key: 'registeredAt', label: t('enterprise.registeredAt'), children: company.registeredAt },
          { key: 'capital', label: t('enterprise.registeredCapital'), children: formatFen(company.registeredCapitalFen) },
        ]}
      />
    </Card>
  );
}
