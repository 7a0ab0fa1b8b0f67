import { AppError } from '../../kernel/errors.ts';
import { parseCheckpoint, parseNote } from '../../engines/ledger/index.ts';
import { renderCertificatePdf } from '../../platform/certificates/certificate-pdf.ts';
import type { PledgeEvents } from './pledge-log.ts';
import type { PledgeRepository } from './pledge.repository.ts';

/** The public verification page of a fingerprint (what the certificate's QR code opens). */
export function verificationUrl(baseUrl: string, hashAlg: string, fingerprint: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/pledge/verify?alg=${hashAlg}&fingerprint=${fingerprint}`;
}

/** Registration certificates (数据知识产权登记证书) as PDF with a QR code to the verification page. */
export function createCertificateService(deps: { repo: PledgeRepository; events: PledgeEvents }) {
  return {
    /** The PDF of an asset's registration: log index, the cosigned checkpoint (origin, size, root) and its cosigners. */
    async render(assetId: string, baseUrl: string): Promise<{ pdf: Uint8Array; fileName: string }> {
      const a = await deps.repo.getAsset(assetId);
      if (!a) throw new AppError('not_found', `No data asset ${assetId}`);
      const log = await deps.events.log();
      const proof = await log.prove(a.registrationIndex);
      if (!proof) throw new AppError('not_ready.cosignatures', `The registration of ${assetId} is not yet covered by a checkpoint cosigned by a quorum of institutions`);
      const checkpoint = parseCheckpoint(parseNote(proof.checkpoint).text);
      const trust = await log.trust();
      const cosignerNames = new Set(parseNote(proof.checkpoint).signatures.map((s) => s.name));
      const cosigners = trust.witnessKeys.filter((w) => cosignerNames.has(w.name));
      const url = verificationUrl(baseUrl, a.hashAlg, a.fingerprint);
      const pdf = await renderCertificatePdf({
        title: '数据知识产权登记证书',
        subtitle: 'Data Intellectual Property Registration Certificate',
        serial: `编号 No. ${a.serial}`,
        fields: [
          { label: '数据名称 Name', value: a.name },
          { label: '权利人 Holder', value: `${a.ownerName}（${a.ownerUscc}）` },
          { label: '数据主体 Subjects', value: a.subjectClasses.join('、') },
          { label: '版本 Version', value: String(a.version) },
          { label: '登记时间 Registered', value: a.registeredAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') },
          { label: `数据指纹 ${a.hashAlg.toUpperCase()}`, value: a.fingerprint, code: true },
          { label: '存证日志 Log', value: proof.origin, code: true },
          { label: '日志索引 Log index', value: String(proof.leafIndex) },
          { label: '检查点 Checkpoint', value: `size ${checkpoint.size} · root ${proof.checkpoint.split('\n')[2]}`, code: true },
          { label: '联署机构 Cosigners', value: `${cosigners.map((c) => c.orgName).join('、')}（${cosigners.length}/${trust.witnessKeys.length}，门限 quorum ${trust.quorum}）` },
        ],
        qrUrl: url,
        qrCaption: `扫码核验 Scan to verify · ${url}`,
        footer: [
          '本证书所载登记已写入默克尔存证日志（RFC 9162），其检查点由日志签名并经上列机构联署（C2SP signed note）；核验方可离线验证包含证明与签名。',
          'The registration is an entry of a Merkle log (RFC 9162) whose checkpoint the log signed and the institutions above cosigned; anyone can check the inclusion proof and the signatures.',
        ],
        author: 'onething',
        issuedAt: new Date(a.registeredAt),
      });
      return { pdf, fileName: `${a.serial}.pdf` };
    },
  };
}

/** The certificate service. */
export type CertificateService = ReturnType<typeof createCertificateService>;
