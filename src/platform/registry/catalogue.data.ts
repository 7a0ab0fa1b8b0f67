// The demo city's attribute catalogue (department codes as the demo city's org codes use them:
// `330106-tax` is 西湖区's tax bureau): what each department knows of a company, as data. The
// attributes are those real enterprise policies test (e.g. 高新技术企业认定管理办法 2016: R&D spend,
// high-tech revenue, tech staff, patents; 中小企业划型标准规定 2011: employees, revenue, assets).
import type { AttributeSpec, CategorySpec, CodeEntry, DepartmentSpec, Label } from './catalogue.types.ts';

/** The categories of the catalogue. */
export const DEFAULT_CATEGORIES: readonly CategorySpec[] = [
  { key: 'registration', zh: '登记注册', en: 'Registration' },
  { key: 'tax', zh: '税务', en: 'Tax' },
  { key: 'social_insurance', zh: '社会保险', en: 'Social insurance' },
  { key: 'employment', zh: '就业用工', en: 'Employment' },
  { key: 'finance', zh: '财务经营', en: 'Finance' },
  { key: 'innovation', zh: '科技创新', en: 'Innovation' },
  { key: 'ip', zh: '知识产权', en: 'Intellectual property' },
  { key: 'qualification', zh: '资格认定', en: 'Recognitions' },
  { key: 'credit', zh: '信用', en: 'Credit' },
  { key: 'licences', zh: '许可资质', en: 'Licences' },
  { key: 'environment', zh: '生态环境', en: 'Environment' },
  { key: 'energy', zh: '能源消耗', en: 'Energy use' },
  { key: 'customs', zh: '海关进出口', en: 'Customs' },
  { key: 'financing', zh: '金融融资', en: 'Financing' },
  { key: 'safety', zh: '安全生产', en: 'Work safety' },
  { key: 'judicial', zh: '司法', en: 'Judicial' },
  { key: 'property', zh: '不动产', en: 'Real estate' },
];

/** The departments that send data. */
export const DEFAULT_DEPARTMENTS: readonly DepartmentSpec[] = [
  { code: 'amr', zh: '市场监督管理局', en: 'Administration for market regulation' },
  { code: 'tax', zh: '税务局', en: 'Tax bureau' },
  { code: 'hrss', zh: '人力资源和社会保障局', en: 'Human resources and social security bureau' },
  { code: 'stats', zh: '统计局', en: 'Statistics bureau' },
  { code: 'sci', zh: '科学技术局', en: 'Science and technology bureau' },
  { code: 'econ', zh: '经济和信息化局', en: 'Economy and information technology bureau' },
  { code: 'ip', zh: '知识产权局', en: 'Intellectual property office' },
  { code: 'credit', zh: '发展和改革委员会（信用办）', en: 'Development and reform commission (credit office)' },
  { code: 'eco', zh: '生态环境局', en: 'Ecology and environment bureau' },
  { code: 'power', zh: '供电公司', en: 'Power supply company' },
  { code: 'customs', zh: '海关', en: 'Customs' },
  { code: 'pbc', zh: '人民银行', en: 'People’s Bank of China branch' },
  { code: 'emergency', zh: '应急管理局', en: 'Emergency management bureau' },
  { code: 'court', zh: '人民法院', en: 'People’s court' },
  { code: 'housing', zh: '住房和城乡建设局', en: 'Housing and urban-rural development bureau' },
  { code: 'nrp', zh: '规划和自然资源局', en: 'Planning and natural resources bureau' },
];

const YUAN: Label = { zh: '元', en: 'yuan' };
const PEOPLE: Label = { zh: '人', en: 'people' };
const ITEMS: Label = { zh: '件', en: 'items' };

function codes(...entries: [string, string, string][]): CodeEntry[] {
  return entries.map(([code, zh, en]) => ({ code, zh, en }));
}

type Spec = Omit<AttributeSpec, 'key' | 'zh' | 'en' | 'type' | 'category' | 'department' | 'dataClass' | 'frequency'>;

function a(
  key: string, zh: string, en: string, type: AttributeSpec['type'], category: string, department: string,
  dataClass: AttributeSpec['dataClass'], frequency: AttributeSpec['frequency'], more: Spec = {},
): AttributeSpec {
  const base: AttributeSpec = { key, zh, en, type, category, department, dataClass, frequency, ...more };
  if (type === 'money' && !base.unit) base.unit = YUAN;
  if ((type === 'money' || type === 'integer' || type === 'number') && base.min === undefined) base.min = 0;
  return base;
}

const RATING_ABCD = codes(['A', 'A级', 'A'], ['B', 'B级', 'B'], ['C', 'C级', 'C'], ['D', 'D级', 'D']);

/** The catalogue the demo city ships with (every attribute a row; more can be added at run time). */
export const DEFAULT_ATTRIBUTES: readonly AttributeSpec[] = [
  // Registration (market regulator): the identity facts of the register.
  a('name', '企业名称', 'Name', 'text', 'registration', 'amr', 'public', 'point', { maxLength: 200, spineColumn: 'name' }),
  a('legal_form', '企业类型', 'Legal form', 'enum', 'registration', 'amr', 'public', 'point', {
    codes: codes(['llc', '有限责任公司', 'Limited liability company'], ['jsc', '股份有限公司', 'Joint-stock company'], ['sole', '个人独资企业', 'Sole proprietorship'], ['partnership', '合伙企业', 'Partnership'], ['individual', '个体工商户', 'Individual business'], ['foreign', '外商投资企业', 'Foreign-invested enterprise'], ['collective', '集体所有制企业', 'Collective enterprise']),
  }),
  a('industry', '国民经济行业', 'Industry (GB/T 4754-2017)', 'enum', 'registration', 'amr', 'public', 'point', { codeList: 'gbt4754-division', spineColumn: 'industryCode' }),
  a('district', '所在区县', 'District', 'enum', 'registration', 'amr', 'public', 'point', { codeList: 'gbt2260', spineColumn: 'districtCode' }),
  a('registered_at', '成立日期', 'Registration date', 'date', 'registration', 'amr', 'public', 'point', { spineColumn: 'registeredAt' }),
  a('registered_capital', '注册资本', 'Registered capital', 'money', 'registration', 'amr', 'public', 'point', { spineColumn: 'registeredCapitalFen' }),
  a('paid_in_capital', '实缴资本', 'Paid-in capital', 'money', 'registration', 'amr', 'internal', 'point'),
  a('status', '登记状态', 'Status', 'enum', 'registration', 'amr', 'public', 'point', {
    codes: codes(['active', '存续', 'Active'], ['abnormal', '异常', 'Abnormal'], ['deregistered', '注销', 'Deregistered']),
    spineColumn: 'status',
  }),
  a('business_scope', '经营范围', 'Business scope', 'text', 'registration', 'amr', 'public', 'point', { maxLength: 4000 }),
  a('address', '住所', 'Registered address', 'text', 'registration', 'amr', 'internal', 'point', { maxLength: 300, personalKind: 'address', spineColumn: 'address' }),
  a('legal_rep_name', '法定代表人姓名', 'Legal representative', 'text', 'registration', 'amr', 'personal', 'point', { maxLength: 50, personalKind: 'name', spineColumn: 'legalRepName' }),
  a('legal_rep_id_number', '法定代表人身份证号', 'Legal representative’s ID number', 'text', 'registration', 'amr', 'personal', 'point', { maxLength: 18, personalKind: 'idNumber', spineColumn: 'legalRepIdNumber' }),
  a('legal_rep_phone', '法定代表人电话', 'Legal representative’s phone', 'text', 'registration', 'amr', 'personal', 'point', { maxLength: 20, personalKind: 'phone', spineColumn: 'legalRepPhone' }),
  a('listed', '上市企业', 'Listed company', 'boolean', 'registration', 'amr', 'public', 'point'),
  // Tax.
  a('revenue', '营业收入', 'Operating revenue', 'money', 'tax', 'tax', 'internal', 'year', { spineColumn: 'revenueFen' }),
  a('taxable_income', '应纳税所得额', 'Taxable income', 'money', 'tax', 'tax', 'sensitive', 'year', { min: -1e15 }),
  a('tax_paid', '纳税总额', 'Taxes paid', 'money', 'tax', 'tax', 'sensitive', 'year'),
  a('vat_paid', '增值税', 'VAT paid', 'money', 'tax', 'tax', 'sensitive', 'year'),
  a('invoiced_sales', '开票销售额', 'Invoiced sales', 'money', 'tax', 'tax', 'internal', 'month'),
  a('tax_credit_rating', '纳税信用等级', 'Tax credit rating', 'enum', 'tax', 'tax', 'public', 'year', { codes: codes(['A', 'A级', 'A'], ['B', 'B级', 'B'], ['M', 'M级', 'M'], ['C', 'C级', 'C'], ['D', 'D级', 'D']) }),
  a('tax_arrears', '欠税', 'Tax arrears', 'boolean', 'tax', 'tax', 'sensitive', 'point'),
  // Social insurance.
  a('insured_employees', '参保人数', 'Insured employees', 'integer', 'social_insurance', 'hrss', 'internal', 'month', { unit: PEOPLE, max: 1_000_000 }),
  a('unemployment_insured', '失业保险参保人数', 'Unemployment-insured employees', 'integer', 'social_insurance', 'hrss', 'internal', 'month', { unit: PEOPLE, max: 1_000_000 }),
  a('pension_contributions', '养老保险缴费额', 'Pension contributions', 'money', 'social_insurance', 'hrss', 'sensitive', 'month'),
  a('social_insurance_arrears', '社保欠费', 'Social insurance arrears', 'boolean', 'social_insurance', 'hrss', 'sensitive', 'point'),
  // Employment.
  a('employees', '从业人数', 'Employees', 'integer', 'employment', 'stats', 'internal', 'year', { unit: PEOPLE, max: 1_000_000, spineColumn: 'employees' }),
  a('new_hires', '新增用工', 'New hires', 'integer', 'employment', 'hrss', 'internal', 'quarter', { unit: PEOPLE, max: 1_000_000 }),
  a('graduates_hired', '吸纳高校毕业生', 'Graduates hired', 'integer', 'employment', 'hrss', 'internal', 'year', { unit: PEOPLE, max: 1_000_000 }),
  a('disabled_employees', '残疾人就业人数', 'Employees with disabilities', 'integer', 'employment', 'hrss', 'internal', 'year', { unit: PEOPLE, max: 1_000_000 }),
  a('average_wage', '平均工资', 'Average wage', 'money', 'employment', 'hrss', 'sensitive', 'year'),
  // Finance (statistics bureau's enterprise returns).
  a('total_assets', '资产总额', 'Total assets', 'money', 'finance', 'stats', 'internal', 'year'),
  a('net_assets', '净资产', 'Net assets', 'money', 'finance', 'stats', 'internal', 'year', { min: -1e15 }),
  a('total_liabilities', '负债总额', 'Total liabilities', 'money', 'finance', 'stats', 'internal', 'year'),
  a('total_profit', '利润总额', 'Total profit', 'money', 'finance', 'stats', 'sensitive', 'year', { min: -1e15 }),
  a('industrial_output', '工业总产值', 'Industrial output', 'money', 'finance', 'stats', 'internal', 'year'),
  a('above_scale', '规模以上企业', 'Above-scale enterprise', 'boolean', 'finance', 'stats', 'public', 'year'),
  // Innovation.
  a('rd_spend', '研发费用', 'R&D spend', 'money', 'innovation', 'sci', 'internal', 'year'),
  a('high_tech_revenue', '高新技术产品（服务）收入', 'High-tech revenue', 'money', 'innovation', 'sci', 'internal', 'year'),
  a('tech_staff', '科技人员数', 'Technical staff', 'integer', 'innovation', 'sci', 'internal', 'year', { unit: PEOPLE, max: 1_000_000 }),
  a('rd_staff', '研发人员数', 'R&D staff', 'integer', 'innovation', 'sci', 'internal', 'year', { unit: PEOPLE, max: 1_000_000 }),
  a('rd_centre_level', '研发机构级别', 'R&D centre level', 'enum', 'innovation', 'sci', 'public', 'point', {
    codes: codes(['national', '国家级', 'National'], ['provincial', '省级', 'Provincial'], ['municipal', '市级', 'Municipal']),
  }),
  // Intellectual property.
  a('patents_invention', '发明专利', 'Invention patents', 'integer', 'ip', 'ip', 'public', 'point', { unit: ITEMS, max: 1_000_000, spineColumn: 'patentsInvention' }),
  a('patents_utility', '实用新型专利', 'Utility-model patents', 'integer', 'ip', 'ip', 'public', 'point', { unit: ITEMS, max: 1_000_000, spineColumn: 'patentsUtility' }),
  a('patents_design', '外观设计专利', 'Design patents', 'integer', 'ip', 'ip', 'public', 'point', { unit: ITEMS, max: 1_000_000, spineColumn: 'patentsDesign' }),
  a('trademarks', '注册商标', 'Registered trademarks', 'integer', 'ip', 'ip', 'public', 'point', { unit: ITEMS, max: 1_000_000 }),
  a('software_copyrights', '软件著作权', 'Software copyrights', 'integer', 'ip', 'ip', 'public', 'point', { unit: ITEMS, max: 1_000_000 }),
  a('pct_applications', 'PCT国际专利申请', 'PCT applications', 'integer', 'ip', 'ip', 'public', 'year', { unit: ITEMS, max: 100_000 }),
  // Recognitions.
  a('high_tech', '高新技术企业', 'High-tech enterprise', 'boolean', 'qualification', 'sci', 'public', 'point'),
  a('high_tech_expiry', '高新技术企业证书有效期至', 'High-tech certificate expiry', 'date', 'qualification', 'sci', 'public', 'point'),
  a('tech_sme', '科技型中小企业', 'Tech-based SME', 'boolean', 'qualification', 'sci', 'public', 'year'),
  a('srdi_level', '专精特新等级', 'Specialised-new level', 'enum', 'qualification', 'econ', 'public', 'point', {
    codes: codes(['little_giant', '国家级专精特新“小巨人”', 'National little giant'], ['provincial', '省级专精特新', 'Provincial specialised-new'], ['innovative_sme', '创新型中小企业', 'Innovative SME']),
  }),
  a('gazelle', '瞪羚企业', 'Gazelle enterprise', 'boolean', 'qualification', 'econ', 'public', 'year'),
  // Credit.
  a('credit_rating', '公共信用评价', 'Public credit rating', 'enum', 'credit', 'credit', 'public', 'year', { codes: RATING_ABCD }),
  a('abnormal_list', '列入经营异常名录', 'On the abnormal-operation list', 'boolean', 'credit', 'amr', 'public', 'point'),
  a('dishonest_list', '失信被执行人', 'Dishonest judgement debtor', 'boolean', 'credit', 'court', 'public', 'point'),
  a('serious_violation_list', '严重违法失信名单', 'Serious violation list', 'boolean', 'credit', 'amr', 'public', 'point'),
  a('admin_penalties', '行政处罚次数', 'Administrative penalties', 'integer', 'credit', 'credit', 'public', 'year', { max: 10_000 }),
  // Licences.
  a('licences', '持有许可', 'Licences held', 'set', 'licences', 'amr', 'public', 'point', {
    codes: codes(
      ['food_business', '食品经营许可证', 'Food business'], ['food_production', '食品生产许可证', 'Food production'], ['drug_retail', '药品经营许可证', 'Drug retail'],
      ['medical_device', '医疗器械经营许可', 'Medical devices'], ['construction', '建筑业企业资质', 'Construction qualification'], ['hazardous_chemicals', '危险化学品经营许可证', 'Hazardous chemicals'],
      ['road_transport', '道路运输经营许可证', 'Road transport'], ['telecom_vas', '增值电信业务经营许可证', 'Value-added telecom'], ['hr_service', '人力资源服务许可证', 'Human resources service'],
      ['travel_agency', '旅行社业务经营许可证', 'Travel agency'], ['publication', '出版物经营许可证', 'Publications'], ['production_safety', '安全生产许可证', 'Production safety'],
      ['pollutant_discharge', '排污许可证', 'Pollutant discharge'], ['public_venue_hygiene', '公共场所卫生许可证', 'Public venue hygiene'], ['alcohol_retail', '酒类零售许可', 'Alcohol retail'],
    ),
  }),
  a('construction_grade', '建筑业资质等级', 'Construction qualification grade', 'enum', 'licences', 'housing', 'public', 'point', {
    codes: codes(['special', '特级', 'Special'], ['grade1', '一级', 'Grade 1'], ['grade2', '二级', 'Grade 2'], ['grade3', '三级', 'Grade 3']),
  }),
  // Environment.
  a('pollutant_permit_class', '排污许可管理类别', 'Pollutant permit class', 'enum', 'environment', 'eco', 'public', 'point', {
    codes: codes(['key', '重点管理', 'Key'], ['simplified', '简化管理', 'Simplified'], ['registration', '登记管理', 'Registration']),
  }),
  a('env_credit_rating', '环境信用评价', 'Environmental credit rating', 'enum', 'environment', 'eco', 'public', 'year', {
    codes: codes(['green', '绿色', 'Green'], ['blue', '蓝色', 'Blue'], ['yellow', '黄色', 'Yellow'], ['red', '红色', 'Red'], ['black', '黑色', 'Black']),
  }),
  a('env_penalties', '环境行政处罚', 'Environmental penalties', 'integer', 'environment', 'eco', 'public', 'year', { max: 10_000 }),
  a('cod_emissions', '化学需氧量排放量', 'COD emissions', 'number', 'environment', 'eco', 'internal', 'year', { unit: { zh: '吨', en: 't' } }),
  // Energy.
  a('electricity', '用电量', 'Electricity used', 'number', 'energy', 'power', 'internal', 'month', { unit: { zh: '千瓦时', en: 'kWh' } }),
  a('energy_consumption', '综合能耗', 'Energy consumption', 'number', 'energy', 'stats', 'internal', 'year', { unit: { zh: '吨标准煤', en: 'tce' } }),
  // Customs.
  a('export_value', '出口额', 'Exports', 'money', 'customs', 'customs', 'internal', 'year'),
  a('import_value', '进口额', 'Imports', 'money', 'customs', 'customs', 'internal', 'year'),
  a('customs_credit', '海关信用等级', 'Customs credit status', 'enum', 'customs', 'customs', 'public', 'point', {
    codes: codes(['aeo_advanced', '高级认证企业', 'AEO advanced'], ['general', '其他注册登记和备案企业', 'General'], ['dishonest', '失信企业', 'Dishonest']),
  }),
  // Financing.
  a('loans_outstanding', '贷款余额', 'Loans outstanding', 'money', 'financing', 'pbc', 'sensitive', 'quarter'),
  a('loan_overdue', '贷款逾期', 'Overdue loan', 'boolean', 'financing', 'pbc', 'sensitive', 'point'),
  a('credit_loans', '信用贷款余额', 'Unsecured loans outstanding', 'money', 'financing', 'pbc', 'sensitive', 'quarter'),
  // Work safety.
  a('safety_standard_level', '安全生产标准化等级', 'Safety standardisation level', 'enum', 'safety', 'emergency', 'public', 'point', {
    codes: codes(['level1', '一级', 'Level 1'], ['level2', '二级', 'Level 2'], ['level3', '三级', 'Level 3']),
  }),
  a('safety_accidents', '生产安全事故', 'Work accidents', 'integer', 'safety', 'emergency', 'public', 'year', { max: 10_000 }),
  // Judicial.
  a('litigation_cases', '涉诉案件', 'Lawsuits', 'integer', 'judicial', 'court', 'public', 'year', { max: 100_000 }),
  a('enforcement_cases', '被执行案件', 'Enforcement cases', 'integer', 'judicial', 'court', 'public', 'year', { max: 100_000 }),
  // Market exit (issue 7): simplified deregistration needs no case still open; forced deregistration reads annual reports.
  a('pending_court_cases', '未结诉讼案件', 'Pending court cases', 'integer', 'judicial', 'court', 'public', 'point', { unit: ITEMS, max: 100_000 }),
  a('annual_report_filed', '年度报告已公示', 'Annual report filed', 'boolean', 'registration', 'amr', 'public', 'year'),
  // Real estate.
  a('land_area', '土地使用面积', 'Land in use', 'number', 'property', 'nrp', 'internal', 'point', { unit: { zh: '平方米', en: 'm²' } }),
  a('floor_area', '自有房屋建筑面积', 'Owned floor area', 'number', 'property', 'housing', 'internal', 'point', { unit: { zh: '平方米', en: 'm²' } }),
];
