import { useEffect, useState } from 'react';
import { List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { fileUrl, policyApi, type ClaimCertificate } from './policy-api.ts';

/** The certificates stored with a claim, for its reviewer: fetched ones with their verification page, uploaded copies with a link that opens them. */
export function ClaimCertificates({ claimId }: { claimId: string }) {
  const { t } = useTranslation();
  const [list, setList] = useState<ClaimCertificate[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { policyApi.certificates(claimId).then(setList).catch(setError); }, [claimId]);
  if (error) return <Typography.Text type="danger">{errorMessage(error, t)}</Typography.Text>;
  if (!list || list.length === 0) return null;
  return (
    <List size="small" header={<Typography.Text strong>{t('policy.claims.certificates')}</Typography.Text>} dataSource={list} data-testid="claim-certificates" renderItem={(c) => (
      <List.Item>
        <Typography.Text>{c.title}</Typography.Text>
        {c.uploadRef
          ? <span><Tag color="orange">{t('policy.claims.uploadedCopy')}</Tag><a href={fileUrl(c.uploadRef)} target="_blank" rel="noreferrer" data-testid={`claim-upload-${c.kind}`}>{c.uploadName ?? t('policy.claims.openCopy')}</a></span>
          : <span><Tag color="green">{t('policy.claims.fromLibrary')}</Tag>{c.number}{c.verifyUrl && <> · <a href={c.verifyUrl} target="_blank" rel="noreferrer">{t('policy.forMe.certificateVerify')}</a></>}</span>}
      </List.Item>
    )} />
  );
}
