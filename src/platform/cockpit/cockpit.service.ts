import { childrenOf, getDivision } from '../../kernel/divisions.ts';
import type { Actor } from '../identity/identity.types.ts';
import { dataScopeOf, type DataScope } from '../identity/scope.ts';
import type { EnterpriseRepository } from '../registry/enterprise.repository.ts';

/** One bar of the cockpit's enterprises-per-division chart. */
export interface DivisionCount {
  code: string;
  name: string;
  enterprises: number;
  active: number;
  smallAndMicro: number;
}

/** Live figures for the cockpits at city, district and town level. */
export function createCockpitService(deps: { enterprises: EnterpriseRepository; demoCityCode: string }) {
  return {
    /**
     * Enterprises per child division of the actor's division: a city official sees districts, a
     * district official streets. Actors with the whole population (platform admins) see the demo city.
     */
    async enterprisesByDivision(actor: Actor): Promise<{ division: { code: string; name: string }; items: DivisionCount[] }> {
      const scope = dataScopeOf(actor);
      const divisionCode = scope.kind === 'division' ? scope.divisionCode : deps.demoCityCode;
      const effective: DataScope = scope.kind === 'all' || scope.kind === 'division' ? scope : { kind: 'none' };
      const level = divisionCode.length === 9 || !divisionCode.endsWith('00') ? 'town' : 'district';
      const counts = new Map((await deps.enterprises.countBy(effective, level)).map((c) => [c.code, c]));
      const children = level === 'town' && divisionCode.length === 9 ? [getDivision(divisionCode)!] : childrenOf(divisionCode);
      return {
        division: { code: divisionCode, name: getDivision(divisionCode)?.name ?? divisionCode },
        items: children.map((d) => {
          const c = counts.get(d.code);
          return { code: d.code, name: d.name, enterprises: c?.enterprises ?? 0, active: c?.active ?? 0, smallAndMicro: c?.smallAndMicro ?? 0 };
        }),
      };
    },
  };
}

/** The cockpit service's interface. */
export type CockpitService = ReturnType<typeof createCockpitService>;
