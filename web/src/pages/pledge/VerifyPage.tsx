import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { checkEntryProof, fingerprintHex, type CheckOutcome } from './browser-verify.ts';
import { formatTime, pledgeApi, pledgeErrorMessage, type Verification } from './pledge-api.ts';

interface CheckRow extends CheckOutcome {
  proof: 'registration' | 'pledge' | 'latestVersion';
}

/**
 * The bank's verification: the fingerprint of a file (hashed here) or typed; the server answers
 * with entries and proofs, and this page checks them itself — the inclusion proof and the
 * Ed25519 signatures of the log and of the institutions — showing pass or fail for each.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [alg, setAlg] = useState<'sha256' | 'sm3'>(params.get('alg') === 'sm3' ? 'sm3' : 'sha256');
  const [fingerprint, setFingerprint] = useState(params.get('fingerprint') ?? '');
  const [answer, setAnswer] = useState<Verification | null>(null);
  const [checks, setChecks] = useState<CheckRow[]>([]);
  const [checkMs, setCheckMs] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const verify = useCallback(async (fp: string, hashAlg: 'sha256' | 'sm3') => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    setChecks([]);
    try {
      const a = await pledgeApi.verify(fp.trim().toLowerCase(), hashAlg);
      const rows: CheckRow[] = [];
      const started = performance.now();
      if (a.registrationProof) rows.push(...(await checkEntryProof(a.registrationProof, a.trust, { kind: 'registration', fingerprint: a.fingerprint })).map((c) => ({ ...c, proof: 'registration' as const })));
      if (a.pledgeProof && a.asset) {
        const pledgedFingerprint = a.latestVersion && a.asset.status !== 'pledged' ? a.latestVersion.fingerprint : a.fingerprint;
        rows.push(...(await checkEntryProof(a.pledgeProof, a.trust, { kind: 'pledge', fingerprint: pledgedFingerprint })).map((c) => ({ ...c, proof: 'pledge' as const })));
      }
      if (a.latestVersionProof && a.latestVersion) rows.push(...(await checkEntryProof(a.latestVersionProof, a.trust, { kind: 'registration', fingerprint: a.latestVersion.fingerprint })).map((c) => ({ ...c, proof: 'latestVersion' as const })));
      setCheckMs(performance.now() - started);
      setAnswer(a);
      setChecks(rows);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    const fp = params.get('fingerprint');
    if (fp && /^[0-9a-fA-F]{64}$/.test(fp)) void verify(fp, params.get('alg') === 'sm3' ? 'sm3' : 'sha256');
  }, [params, verify]);

  async function fromFile(file: File | undefined) {
    if (!file) return;
    const fp = await fingerprintHex(alg, new Uint8Array(await file.arrayBuffer()));
    setFingerprint(fp);
    setParams({ alg, fingerprint: fp });
  }

  const allPass = checks.length > 0 && checks.every((c) => c.ok);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('pledge.verify.title')}</Typography.Title>
      <Card>
        <Form layout="vertical" onFinish={() => setParams({ alg, fingerprint: fingerprint.trim().toLowerCase() })}>
          <Form.Item label={t('pledge.register.alg')}>
            <Radio.Group value={alg} onChange={(e) => setAlg(e.target.value as 'sha256' | 'sm3')}>
              <Radio value="sha256">SHA-256</Radio>
              <Radio value="sm3">SM3</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('pledge.verify.file')} extra={t('pledge.verify.fileHint')}>
            <input type="file" data-testid="verify-file" onChange={(e) => void fromFile(e.target.files?.[0])} />
          </Form.Item>
          <Form.Item label={t('pledge.verify.fingerprint')}>
            <Input value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} maxLength={64} data-testid="verify-fingerprint" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!/^[0-9a-fA-F]{64}$/.test(fingerprint.trim())} data-testid="verify-submit">{t('pledge.verify.submit')}</Button>
        </Form>
      </Card>
      {error !== null && <Alert type="error" showIcon title={pledgeErrorMessage(error, t)} />}
      {answer && (
        <Card title={t('pledge.verify.answer')} data-testid="verify-answer">
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('pledge.verify.registered')}><Tag color={answer.registered ? 'green' : 'red'} data-testid="verify-registered">{answer.registered ? t('common.yes') : t('common.no')}</Tag></Descriptions.Item>
            {answer.asset && (
              <>
                <Descriptions.Item label={t('pledge.verify.by')}><span data-testid="verify-owner">{`${answer.asset.ownerName} (${answer.asset.ownerUscc})`}</span></Descriptions.Item>
                <Descriptions.Item label={t('pledge.verify.when')}>{`${formatTime(answer.asset.registeredAt)} · ${answer.asset.serial} · ${t('pledge.asset.logIndex')} ${answer.asset.registrationIndex}`}</Descriptions.Item>
                <Descriptions.Item label={t('pledge.verify.changed')}>
                  <Tag color={answer.changedSince ? 'orange' : 'green'} data-testid="verify-changed">{answer.changedSince ? t('pledge.verify.changedYes', { version: answer.latestVersion?.version }) : t('pledge.verify.changedNo')}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('pledge.verify.pledged')}>
                  <Tag color={answer.pledged ? 'orange' : 'green'} data-testid="verify-pledged">{answer.pledged ? t('pledge.verify.pledgedYes', { bank: answer.pledge?.bankName, at: formatTime(answer.pledge?.pledgedAt) }) : t('pledge.verify.pledgedNo')}</Tag>
                </Descriptions.Item>
              </>
            )}
          </Descriptions>
        </Card>
      )}
      {checks.length > 0 && (
        <Card title={t('pledge.verify.checks')} extra={<Space><Typography.Text type="secondary">{t('pledge.verify.took', { ms: checkMs.toFixed(1) })}</Typography.Text><Tag color={allPass ? 'green' : 'red'} data-testid="verify-verdict">{allPass ? t('pledge.verify.allPass') : t('pledge.verify.someFail')}</Tag></Space>}>
          <Table size="small" rowKey={(c) => `${c.proof}.${c.key}`} pagination={false} dataSource={checks} data-testid="verify-checks"
            columns={[
              { title: t('pledge.verify.proof'), dataIndex: 'proof', render: (p: string) => t(`pledge.verify.proofKind.${p}`) },
              { title: t('pledge.verify.check'), dataIndex: 'key', render: (k: string) => t(`pledge.verify.checkKind.${k}`) },
              { title: t('pledge.verify.result'), dataIndex: 'ok', render: (ok: boolean, c) => <Tag color={ok ? 'green' : 'red'} data-testid={`check-${c.proof}-${c.key}`} data-ok={String(ok)}>{ok ? t('pledge.verify.pass') : t('pledge.verify.fail')}</Tag> },
              { title: t('pledge.verify.detail'), render: (_v, c) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.signers ? `${c.detail} · ${c.signers.join('、')}` : c.detail}</Typography.Text> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('pledge.verify.trustNote', { origin: answer?.trust.origin, quorum: answer?.trust.quorum, n: answer?.trust.witnessKeys.length })}</Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}
