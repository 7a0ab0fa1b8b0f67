import { createHash } from 'node:crypto';
import type { PlatformServices } from '../../platform/platform.ts';
import { dataIpPledgeOf } from './data-ip-pledge.ts';
import type { RegisterAssetInput } from './registration.service.ts';

/** A small demo dataset: its CSV text and its registration (the rules pass). */
function demoDataset(kind: 'logistics' | 'energy'): { csv: string; input: Omit<RegisterAssetInput, 'fingerprint'> } {
  const columns = kind === 'logistics' ? ['waybill', 'origin_city', 'dest_city', 'weight_kg', 'shipped_on'] : ['meter', 'district', 'kwh', 'reading_on', 'peak'];
  const rows = Array.from({ length: 60 }, (_, i) =>
    kind === 'logistics'
      ? [`HZ${String(240001 + i)}`, ['杭州', '宁波', '绍兴'][i % 3], ['上海', '苏州', '南京', '合肥'][i % 4], String(2 + ((i * 13) % 90) / 4), `2026-02-${String(1 + (i % 27)).padStart(2, '0')}`]
      : [`M${String(7100 + i)}`, ['西湖区', '滨江区', '余杭区'][i % 3], String(120 + ((i * 37) % 400)), `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`, i % 5 === 0 ? 'true' : 'false'],
  );
  const csv = [columns, ...rows].map((r) => r.join(',')).join('\n') + '\n';
  const schema = kind === 'logistics'
    ? [{ name: 'waybill', type: 'string', required: true }, { name: 'origin_city', type: 'string', required: true }, { name: 'dest_city', type: 'string', required: true }, { name: 'weight_kg', type: 'number', required: true }, { name: 'shipped_on', type: 'date', required: true }]
    : [{ name: 'meter', type: 'string', required: true }, { name: 'district', type: 'string', required: true }, { name: 'kwh', type: 'integer', required: true }, { name: 'reading_on', type: 'date', required: true }, { name: 'peak', type: 'boolean', required: false }];
  return {
    csv,
    input: {
      name: kind === 'logistics' ? '长三角干线物流运单数据集（2026 年 2 月）' : '园区企业用电计量数据集（2026 年 1 月）',
      description: kind === 'logistics' ? '运单号、起止城市、重量与发运日期，不含收寄件人信息。' : '电表编号、所在区、用电量与抄表日期，不含户主信息。',
      subjectClasses: kind === 'logistics' ? ['客户企业'] : ['园区企业'],
      consents: [{ subjectClass: kind === 'logistics' ? '客户企业' : '园区企业', basis: 'contract', scope: kind === 'logistics' ? '运输服务合同约定的数据加工与流通' : '能源服务协议约定的统计分析', date: '2026-01-02' }],
      schema: schema as RegisterAssetInput['schema'],
      hashAlg: 'sha256',
      fileName: kind === 'logistics' ? 'waybills-2026-02.csv' : 'meters-2026-01.csv',
      fileSize: Buffer.byteLength(csv),
      sample: { columns, rows },
    },
  };
}

/**
 * The demo's data assets, once: two assets of the `enterprise` account's company (one in
 * custody), the second valued and pledged by the `bank` account with a loan granted.
 */
export async function seedPledgeDemo(platform: PlatformServices): Promise<number> {
  if (!platform.evidence.vault.ready || (await platform.evidence.witnesses.list()).length === 0) return 0;
  const company = await platform.identity.findUserByUsername('enterprise');
  const bank = await platform.identity.findUserByUsername('bank');
  if (!company || !bank) return 0;
  const pledge = dataIpPledgeOf(platform);
  const owner = await platform.identity.actorForUserId(company.id);
  if ((await pledge.queries.list(owner)).items.length > 0) return 0;
  const banker = await platform.identity.actorForUserId(bank.id);
  const logistics = demoDataset('logistics');
  const fingerprint = (csv: string) => createHash('sha256').update(csv).digest('hex');
  await pledge.registration.register(owner, { ...logistics.input, fingerprint: fingerprint(logistics.csv), custodyData: Buffer.from(logistics.csv).toString('base64') });
  const energy = demoDataset('energy');
  const asset = await pledge.registration.register(owner, { ...energy.input, fingerprint: fingerprint(energy.csv) });
  const valuation = await pledge.pledges.value(banker, asset.id, { amountFen: 3_000_000_00, method: 'income', note: '收益法：按三年数据服务收入折现' });
  const p = await pledge.pledges.pledge(banker, asset.id, { valuationId: valuation.id, contractNo: 'HZSF-ZY-2026-0001', contractText: `数据知识产权质押合同\n出质人：${asset.ownerName}\n质权人：${banker.org.name}\n质押标的：${asset.name}（${asset.serial}）` });
  await pledge.pledges.grantLoan(banker, p.id, { amountFen: 2_000_000_00, termMonths: 12 });
  return 2;
}
