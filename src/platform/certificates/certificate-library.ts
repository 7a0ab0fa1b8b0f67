/** A certificate as its issuing system holds it (what a source lists). */
export interface SourceCertificate {
  /** The certificate number. */
  number: string;
  /** What it certifies, e.g. `high_tech`, `permit:food_business`; policy units ask by kind. */
  kind: string;
  title: string;
  issuer: string;
  /** YYYY-MM-DD or ISO time. */
  issuedAt: string;
  /** Last valid day (YYYY-MM-DD or ISO time); null: no end. */
  validUntil: string | null;
  /** What the issuing system says: valid, or cancelled (withdrawn, revoked). */
  status: 'valid' | 'cancelled';
  /** The public page that verifies the certificate; null when there is none. */
  verifyUrl: string | null;
}

/** A certificate fetched from the library: its source named and its status as of a day. */
export interface LibraryCertificate extends Omit<SourceCertificate, 'status'> {
  status: 'valid' | 'expired' | 'cancelled';
  /** The source's name. */
  source: string;
}

/** A system holding certificates (a scenario's permits, registrations), registered with the library. */
export interface CertificateSource {
  /** A short code naming the source, e.g. `market.permits`; registering it again replaces it. */
  kind: string;
  /** Its name for people. */
  name: string;
  /** The company's certificates (cancelled ones may be listed: the library marks them). */
  list(uscc: string): Promise<SourceCertificate[]>;
  /** The kinds of certificate it issues, with their titles (what a policy unit can ask for). */
  kinds?(): Promise<CertificateKind[]>;
}

/** A kind of certificate a source issues, e.g. `{ kind: 'permit:food_business', title: '食品经营许可' }`. */
export interface CertificateKind {
  kind: string;
  title: string;
  /** The source's name. */
  source: string;
}

/** Kinds every city's library knows, whatever sources are registered (the shipped units ask for them). */
const COMMON_KINDS: readonly CertificateKind[] = [
  { kind: 'high_tech', title: '高新技术企业证书', source: '科技部门' },
  { kind: 'tech_sme', title: '科技型中小企业入库登记编号', source: '科技部门' },
  { kind: 'srdi', title: '专精特新中小企业认定证书', source: '经信部门' },
];

/**
 * The electronic certificate library (电子证照库): scenarios register the sources they issue from;
 * platform services (quick-apply claims) fetch a company's certificates from all of them, each with
 * its status as of a day (expired when its validity ended before that day).
 * @example library.registerCertificateSource({ kind: 'market.permits', name: '许可证', list: (uscc) => … })
 */
export function createCertificateLibrary() {
  const sources = new Map<string, CertificateSource>();
  return {
    /** Adds (or replaces, by kind) a source. */
    registerCertificateSource(source: CertificateSource): void {
      sources.set(source.kind, source);
    },
    /** The kinds of the registered sources. */
    sources(): string[] {
      return [...sources.keys()];
    },
    /**
     * The kinds of certificate that can be asked for: the common ones and each source's, by kind (the
     * first title wins). A source that cannot list its kinds now (its system down, its tables not
     * there) is left out of this list only: an official can still type its kinds, and claims fetch from it.
     */
    async kinds(): Promise<CertificateKind[]> {
      const out = new Map(COMMON_KINDS.map((k) => [k.kind, k]));
      for (const s of sources.values()) for (const k of (await s.kinds?.().catch(() => undefined)) ?? []) if (!out.has(k.kind)) out.set(k.kind, { ...k, source: k.source || s.name });
      return [...out.values()].sort((a, b) => a.kind.localeCompare(b.kind));
    },
    /** Every certificate of a company from every source, with its status as of `asOf` (YYYY-MM-DD), sorted by kind and number. */
    async list(uscc: string, asOf: string): Promise<LibraryCertificate[]> {
      const out: LibraryCertificate[] = [];
      for (const s of sources.values()) {
        for (const c of await s.list(uscc)) {
          const expired = c.validUntil !== null && c.validUntil.slice(0, 10) < asOf;
          out.push({ ...c, status: c.status === 'cancelled' ? 'cancelled' : expired ? 'expired' : 'valid', source: s.kind });
        }
      }
      return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.number.localeCompare(b.number));
    },
  };
}

/** The certificate library's interface. */
export type CertificateLibrary = ReturnType<typeof createCertificateLibrary>;
