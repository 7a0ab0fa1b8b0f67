import { useEffect, useState } from 'react';
import { Alert, Descriptions, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors.ts';
import { formatFen } from '../../format.ts';
import { allSentences, type Claim } from './policy-api.ts';
import { oversightApi } from './oversight-api.ts';
import { ClaimCertificates } from './ClaimCertificates.tsx';

/** Process keys of the claim reviews on the flow engine. */
export const CLAIM_REVIEW_PREFIX = 'onething_policy_review_';

/** The claim a review task is about, with the engine's explanation: shown to the official in the workflow inbox. */
export function ClaimReviewPanel({ instanceId }: { instanceId: string }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const [claim, setClaim] = useState<Claim | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { oversightApi.claimOfReview(instanceId).then(setClaim).catch(setError); }, [instanceId]);
  if (error) return <Alert type="error" showIcon message={errorMessage(error, t)} />;
  if (!claim) return null;
  return (
    <div data-testid="claim-review-panel" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={2} items={[
        { key: 'unit', label: t('policy.unit'), children: `${claim.unitId} v${claim.version}` },
        { key: 'amount', label: t('policy.amount'), children: formatFen(claim.amountFen) },
        { key: 'mode', label: t('policy.mode.label'), children: t(`policy.mode.${claim.mode}`) },
        { key: 'uscc', label: 'USCC', children: claim.uscc },
      ]} />
      {claim.promised.length > 0 && <Alert type="warning" showIcon message={t('policy.claims.warnAudit', { keys: claim.promised.join(', ') })} />}
      <Typography.Text strong>{t('oversight.review.explanation')}</Typography.Text>
      <List size="small" dataSource={allSentences(claim.explanation)} renderItem={(s) => (
        <List.Item><Typography.Text type={s.held ? 'success' : 'danger'} data-testid="claim-review-sentence">{zh ? s.zh : s.en}</Typography.Text></List.Item>
      )} />
      <ClaimCertificates claimId={claim.id} />
    </div>
  );
}
