import { divisionPrefix } from '../../kernel/divisions.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { Org } from '../identity/identity.types.ts';

/** Where an applicant is and which organisations serve that place: the variables every instance starts with. */
export interface RoutingContext {
  /** Codes of the government organisations of the applicant's town, district and city (null when there is none). */
  gov: { town: string | null; district: string | null; city: string | null };
  /** The department of each kind (`amr`, `tax`, `health`…) that serves the applicant's district: the district's own, else the city's. */
  dept: Record<string, string>;
}

const GOVERNMENT = new Set(['province', 'city', 'district', 'town']);

/**
 * The organisation tree as the workflow module reads it: codes, names, and the
 * departments of each government level. A department's kind is the part of
 * its code after its level's code (`330106-amr` is the `amr` of 330106).
 */
export class OrgDirectory {
  readonly byCode = new Map<string, Org>();
  readonly byId = new Map<string, Org>();
  private readonly children = new Map<string, Org[]>();

  constructor(orgs: readonly Org[]) {
    for (const o of orgs) {
      this.byCode.set(o.code, o);
      this.byId.set(o.id, o);
      if (o.parentId) this.children.set(o.parentId, [...(this.children.get(o.parentId) ?? []), o]);
    }
  }

  /** Loads the whole tree (a few hundred rows in a city). */
  static async load(identity: Pick<IdentityService, 'listOrgs'>): Promise<OrgDirectory> {
    return new OrgDirectory(await identity.listOrgs());
  }

  /** The government org acting for a division code (a 6-digit district or county, a 9-digit town). */
  governmentOf(divisionCode: string): Org | undefined {
    const org = this.byCode.get(divisionCode);
    return org && GOVERNMENT.has(org.kind) ? org : undefined;
  }

  /** The departments directly under a government org, by kind. */
  departmentsOf(gov: Org): Record<string, string> {
    const out: Record<string, string> = {};
    for (const child of this.children.get(gov.id) ?? []) {
      if (child.kind === 'department' && child.code.startsWith(`${gov.code}-`)) out[child.code.slice(gov.code.length + 1)] = child.code;
    }
    return out;
  }

  /** The codes of an org and every org under it. */
  subtreeCodes(orgId: string): string[] {
    const out: string[] = [];
    const walk = (id: string) => {
      const org = this.byId.get(id);
      if (org) out.push(org.code);
      for (const child of this.children.get(id) ?? []) walk(child.id);
    };
    walk(orgId);
    return out;
  }

  /** Every department kind some government level has. */
  departmentKinds(): Set<string> {
    const kinds = new Set<string>();
    for (const org of this.byCode.values()) if (GOVERNMENT.has(org.kind)) for (const k of Object.keys(this.departmentsOf(org))) kinds.add(k);
    return kinds;
  }

  /**
   * The routing variables for an applicant located in a district (and town): its
   * governments, and for each department kind the district's department, falling
   * back to the city's when the district has none of that kind.
   */
  routingFor(districtCode: string | null, townCode: string | null): RoutingContext {
    const district = districtCode ? this.governmentOf(districtCode) : undefined;
    const city = district?.parentId ? this.byId.get(district.parentId) : undefined;
    const town = townCode ? this.governmentOf(townCode) : undefined;
    const dept = { ...(city && GOVERNMENT.has(city.kind) ? this.departmentsOf(city) : {}), ...(district ? this.departmentsOf(district) : {}) };
    return { gov: { town: town?.code ?? null, district: district?.code ?? null, city: city && GOVERNMENT.has(city.kind) ? city.code : null }, dept };
  }

  /** The division prefix an org acts for (its district's or town's digits), or null. */
  static divisionPrefixOf(org: Org): string | null {
    return org.divisionCode ? divisionPrefix(org.divisionCode) : null;
  }
}
