import { AppError, type FieldError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import type { PlatformServices } from '../../platform/platform.ts';
import type { Actor } from '../../platform/identity/identity.types.ts';
import { companyOf, requireOwner } from './access.ts';
import { checkConsents } from './consent-rule.ts';
import { custodyBytes, type CustodyService } from './custody.service.ts';
import type { PledgeEvents } from './pledge-log.ts';
import type { AssetRecord, PledgeRepository } from './pledge.repository.ts';
import type { ConsentRecord, DataSample, HashAlg, QualityReport, SchemaColumn, SensitiveFinding } from './pledge.types.ts';
import { assessQuality } from './quality-rule.ts';
import { scanSample } from './sensitive-scan.ts';

/** What a company submits to register a data asset (or a new version of one). */
export interface RegisterAssetInput {
  name: string;
  description: string;
  subjectClasses: string[];
  consents: ConsentRecord[];
  schema: SchemaColumn[];
  hashAlg: HashAlg;
  /** Lower-case hex digest of the whole data file, computed in the browser. */
  fingerprint: string;
  fileName?: string;
  fileSize?: number;
  /** Sample rows for the sensitive-data scan and the quality figures; not stored. */
  sample: DataSample;
  /** The asset this is a new version of. */
  previousId?: string;
  /** The whole file (base64) when the company chooses custody. */
  custodyData?: string;
}

/** The three data rules' outcome on a submission. */
export interface RuleReport {
  passed: boolean;
  consentErrors: FieldError[];
  findings: SensitiveFinding[];
  quality: QualityReport;
}

/** Registration of data assets under the three data rules, each registration logged. */
export function createRegistrationService(deps: {
  platform: PlatformServices;
  repo: PledgeRepository;
  events: PledgeEvents;
  custody: CustodyService;
  clock: Clock;
  ids: IdGenerator;
}) {
  const today = () => new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  function checkRules(input: Pick<RegisterAssetInput, 'subjectClasses' | 'consents' | 'schema' | 'sample'>): RuleReport {
    const consentErrors = checkConsents(input.subjectClasses, input.consents, today());
    const findings = scanSample(input.sample, today());
    const quality = assessQuality(input.sample, input.schema);
    return { passed: consentErrors.length === 0 && findings.length === 0 && quality.passed, consentErrors, findings, quality };
  }

  return {
    /** Runs the three data rules without registering (the form's preview). */
    check(actor: Actor, input: Pick<RegisterAssetInput, 'subjectClasses' | 'consents' | 'schema' | 'sample'>): RuleReport {
      companyOf(actor);
      return checkRules(input);
    },

    /**
     * Registers a data asset: the three rules must pass (else 400 `validation.data_rules` with the
     * consent errors, the sensitive findings by row and column, and the quality figures), the
     * fingerprint must be new; the registration is appended to the evidence log and cosigned.
     */
    async register(actor: Actor, input: RegisterAssetInput): Promise<AssetRecord> {
      const uscc = companyOf(actor);
      const report = checkRules(input);
      if (!report.passed) {
        const errors: FieldError[] = [
          ...report.consentErrors,
          ...report.findings.map((f) => ({ field: `sample.row ${f.row}.${f.column}`, rule: `sensitive.${f.kind}`, message: `${f.kind} found: ${f.excerpt}` })),
          ...report.quality.failures.map((m) => ({ field: 'sample', rule: 'quality', message: m })),
        ];
        throw new AppError('validation.data_rules', 'The data asset does not meet the data rules', { errors, findings: report.findings, quality: report.quality });
      }
      // A custody file that would be refused is refused before anything is registered.
      if (input.custodyData !== undefined) {
        custodyBytes(input.custodyData, input.hashAlg, input.fingerprint);
        if (!deps.platform.evidence.vault.ready) throw new AppError('not_ready.master_key', 'No master key is configured (set MASTER_KEY): custody is unavailable');
      }
      const company = await deps.platform.enterpriseRepository.get({ kind: 'enterprise', uscc }, uscc);
      const ownerOrg = (await deps.platform.identity.findOrgByCode(uscc)) ?? actor.org;
      return deps.events.withLock(`fp:${input.hashAlg}:${input.fingerprint}`, async () => {
        if (await deps.repo.findByFingerprint(input.hashAlg, input.fingerprint)) {
          throw new AppError('conflict.already_registered', `Data with ${input.hashAlg} fingerprint ${input.fingerprint.slice(0, 16)}… is already registered`);
        }
        let previous: AssetRecord | undefined;
        if (input.previousId) {
          previous = await deps.repo.getAsset(input.previousId);
          if (!previous) throw new AppError('not_found', `No data asset ${input.previousId}`);
          requireOwner(actor, previous);
        }
        const register = async (): Promise<AssetRecord> => {
          if (previous) {
            const fresh = (await deps.repo.getAsset(previous.id))!;
            if (fresh.status === 'superseded') throw new AppError('conflict.superseded', `Data asset ${fresh.id} already has a newer version`);
            if (fresh.status === 'pledged') throw new AppError('conflict.pledged', `Data asset ${fresh.id} is pledged: the pledge must be released before a new version is registered`);
          }
          const id = deps.ids.next('dat');
          const asset: AssetRecord = {
            id, lineageId: previous?.lineageId ?? id, version: (previous?.version ?? 0) + 1, previousId: previous?.id ?? null,
            ownerOrgId: ownerOrg.id, ownerUscc: uscc, ownerName: company?.name ?? ownerOrg.name, name: input.name.trim(), description: input.description.trim(),
            subjectClasses: input.subjectClasses, schema: input.schema, hashAlg: input.hashAlg, fingerprint: input.fingerprint,
            fileName: input.fileName ?? null, fileSize: input.fileSize ?? null, quality: report.quality, status: 'registered',
            registeredAt: '', registeredBy: actor.userId, registrationIndex: -1, serial: '',
          };
          const facts = {
            lineageId: asset.lineageId, version: asset.version, previousId: asset.previousId, owner: { uscc, name: asset.ownerName }, name: asset.name,
            hashAlg: asset.hashAlg, fingerprint: asset.fingerprint, subjectClasses: asset.subjectClasses,
            quality: { completeness: report.quality.completeness, duplicateRate: report.quality.duplicateRate, schemaConformity: report.quality.schemaConformity },
          };
          await deps.events.record(actor, {
            assetId: id, kind: 'registration', facts,
            write: async (trx, index) => {
              const at = deps.clock.now().toISOString();
              Object.assign(asset, { registeredAt: at, registrationIndex: index, serial: `DIP-${at.slice(0, 4)}-${String(index).padStart(8, '0')}` });
              await deps.repo.insertAsset(trx, asset, input.consents);
              if (previous && !(await deps.repo.moveStatus(trx, previous.id, 'registered', 'superseded'))) {
                throw new AppError('conflict.superseded', `Data asset ${previous.id} changed while registering its new version`);
              }
            },
          });
          return asset;
        };
        const asset = previous ? await deps.events.withLock(`lineage:${previous.lineageId}`, register) : await register();
        if (input.custodyData !== undefined) await deps.custody.deposit(actor, asset.id, input.custodyData);
        return (await deps.repo.getAsset(asset.id))!;
      });
    },
  };
}

/** The registration service. */
export type RegistrationService = ReturnType<typeof createRegistrationService>;
