import { useEffect, useState } from 'react';
import { Alert, Col, Empty, Row, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { EnterpriseSummary, Page } from '../../api/types.ts';
import { useMe } from '../../auth/context.ts';
import { CompanyCard } from './CompanyCard.tsx';

/**
 * The company portal home: the card of the user's company (an agent sees the companies it acts
 * for). Scenario sections are added below as they exist; nothing is shown that does not.
 */
export default function PortalHome() {
  const { t } = useTranslation();
  const me = useMe();
  const [companies, setCompanies] = useState<EnterpriseSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let alive = true;
    // The list is scoped by the server: an enterprise user gets its own company only.
    apiGet<Page<EnterpriseSummary>>('/api/enterprises', { page: 1, pageSize: 20 })
      .then((page) => alive && setCompanies(page.items))
      .catch((failure: unknown) => alive && setError(failure));
    return () => {
      alive = false;
    };
  }, []);

  const own = me.enterpriseUscc ? companies?.filter((c) => c.uscc === me.enterpriseUscc) : companies;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('portal.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('portal.welcome', { name: me.displayName, org: me.org.name })}</Typography.Text>
      </div>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      {own === undefined || own === null ? (
        error === null && <Skeleton active />
      ) : own.length === 0 ? (
        <Empty description={t('portal.noCompany')} />
      ) : (
        <Row gutter={[16, 16]}>
          {own.map((company) => (
            <Col key={company.uscc} xs={24}>
              <CompanyCard company={company} />
            </Col>
          ))}
        </Row>
      )}
    </Space>
  );
}
