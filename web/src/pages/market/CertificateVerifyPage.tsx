import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { apiGet } from '../../api/client.ts';

/** The public check of a market certificate (what the QR code of a business licence or permit opens). */
interface CertificateCheck {
  certificateNo: string;
  kind: 'business_licence' | 'permit';
  companyName: string;
  uscc: string;
  itemName: string;
  departmentName: string;
  issuedAt: string;
  status: 'valid' | 'cancelled';
  cancelledAt: string | null;
  contentHash: string;
  hashMatches: boolean;
  evidence: { log: string; logIndex: number | null; sealedAt: string | null };
}

/** `/market/verify/<certificate number>`: opens without login and confirms the certificate. */
export default function CertificateVerifyPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const no = decodeURIComponent(location.pathname.replace(/^\/market\/verify\/?/, ''));
  const [answer, setAnswer] = useState<CertificateCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!no) return;
    apiGet<CertificateCheck>(`/api/market/certificates/${encodeURIComponent(no)}/verify`).then(setAnswer, () => setError(t('marketEntry.verify.notFound')));
  }, [no, t]);

  if (!no) return <Alert type="info" title={t('marketEntry.verify.hint')} />;
  if (error) return <Alert type="error" data-testid="verify-error" title={error} />;
  if (!answer) return <Spin />;
  const valid = answer.status === 'valid' && answer.hashMatches;
  return (
    <Card title={t('marketEntry.verify.title')} data-testid="certificate-verify">
      <Alert
        type={valid ? 'success' : 'error'}
        data-testid="verify-status"
        title={valid ? t('marketEntry.verify.valid') : answer.status === 'cancelled' ? t('marketEntry.verify.cancelled') : t('marketEntry.verify.mismatch')}
        style={{ marginBottom: 16 }}
      />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('marketEntry.verify.no')}><span data-testid="verify-no">{answer.certificateNo}</span></Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.company')}><span data-testid="verify-company">{answer.companyName}</span></Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.uscc')}>{answer.uscc}</Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.item')}><span data-testid="verify-item">{answer.itemName}</span></Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.department')}>{answer.departmentName}</Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.issued')}>{answer.issuedAt.slice(0, 10)}</Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.state')}><Tag color={answer.status === 'valid' ? 'green' : 'red'}>{t(`marketEntry.cert.${answer.status}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label="SHA-256"><code>{answer.contentHash}</code></Descriptions.Item>
        <Descriptions.Item label={t('marketEntry.verify.evidence')}>
          {answer.evidence.logIndex === null ? t('marketEntry.verify.pending') : `${answer.evidence.log} #${answer.evidence.logIndex}`}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
