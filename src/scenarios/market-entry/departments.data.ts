import type { ApprovingDepartment, FactSpec } from './licence.types.ts';

function d(code: string, zh: string, en: string, kind: string): ApprovingDepartment {
  return { code, zh, en, kind };
}

/**
 * The departments that approve or record market-entry items. Codes match the demo city's department
 * kinds where it has them (`amr`, `health`, `eco`, `police`, `hrss`, `commerce`, `fire`, `housing`, `nrp`, `tax`).
 */
export const APPROVING_DEPARTMENTS: readonly ApprovingDepartment[] = [
  d('amr', '市场监督管理局', 'Administration for market regulation', '市场监管'),
  d('mpa', '药品监督管理局', 'Medical products administration', '药监'),
  d('health', '卫生健康委员会', 'Health commission', '卫生健康'),
  d('eco', '生态环境局', 'Ecology and environment bureau', '生态环境'),
  d('police', '公安局', 'Public security bureau', '公安'),
  d('transport', '交通运输局', 'Transport bureau', '交通运输'),
  d('hrss', '人力资源和社会保障局', 'Human resources and social security bureau', '人力社保'),
  d('publicity', '委宣传部（新闻出版局、电影局）', 'Publicity department (press, publication and film)', '新闻出版/宣传'),
  d('culture', '文化广电旅游局', 'Culture, radio, television and tourism bureau', '文化和旅游'),
  d('commerce', '商务局', 'Commerce bureau', '商务'),
  d('emergency', '应急管理局', 'Emergency management bureau', '应急管理'),
  d('fire', '消防救援支队（大队）', 'Fire and rescue', '消防救援'),
  d('housing', '住房和城乡建设局', 'Housing and urban-rural development bureau', '住建'),
  d('urban', '城市管理局（综合行政执法局）', 'Urban management bureau', '城管'),
  d('water', '林业水利局', 'Water resources bureau', '水利'),
  d('agri', '农业农村局', 'Agriculture and rural affairs bureau', '农业农村'),
  d('forestry', '林业局', 'Forestry bureau', '林业'),
  d('edu', '教育局', 'Education bureau', '教育'),
  d('civil', '民政局', 'Civil affairs bureau', '民政'),
  d('tobacco', '烟草专卖局', 'Tobacco monopoly bureau', '烟草'),
  d('post', '邮政管理局', 'Postal administration', '邮政管理'),
  d('telecom', '通信管理局', 'Communications administration', '通信管理'),
  d('customs', '海关', 'Customs', '海关'),
  d('tax', '税务局', 'Tax bureau', '税务'),
  d('nrp', '规划和自然资源局', 'Planning and natural resources bureau', '自然资源'),
  d('sports', '体育局', 'Sports bureau', '体育'),
  d('grain', '发展和改革委员会（粮食和物资储备局）', 'Development and reform commission (grain and reserves)', '粮食和物资储备'),
  d('meteorology', '气象局', 'Meteorological bureau', '气象'),
  d('pbc', '中国人民银行分行', 'People’s Bank of China branch', '人民银行'),
  d('hpf', '住房公积金管理中心', 'Housing provident fund centre', '住房公积金'),
  d('medins', '医疗保障局', 'Healthcare security bureau', '医疗保障'),
  d('relics', '文物局', 'Cultural heritage bureau', '文物'),
  d('econ', '经济和信息化局（无线电管理）', 'Economy and information technology bureau (radio regulation)', '经信'),
];

function f(key: string, zh: string, en: string, mirror?: string): FactSpec {
  return mirror ? { key, zh, en, mirror } : { key, zh, en };
}

/**
 * The facts applications state. Those with `mirror` are held by the enterprise mirror once the
 * company is registered (attribute keys of src/platform/registry/catalogue.data.ts): the applicant
 * does not type or upload them again (零材料).
 */
export const FACTS: readonly FactSpec[] = [
  f('name', '企业名称', 'Name', 'name'),
  f('legal_form', '企业类型', 'Legal form', 'legal_form'),
  f('industry', '国民经济行业', 'Industry', 'industry'),
  f('district', '所在区县', 'District', 'district'),
  f('address', '住所', 'Registered address', 'address'),
  f('business_scope', '经营范围', 'Business scope', 'business_scope'),
  f('registered_capital', '注册资本', 'Registered capital', 'registered_capital'),
  f('paid_in_capital', '实缴资本', 'Paid-in capital', 'paid_in_capital'),
  f('registered_at', '成立日期', 'Registration date', 'registered_at'),
  f('legal_rep_name', '法定代表人姓名', 'Legal representative', 'legal_rep_name'),
  f('legal_rep_id_number', '法定代表人身份证号', 'Legal representative’s ID number', 'legal_rep_id_number'),
  f('legal_rep_phone', '法定代表人电话', 'Legal representative’s phone', 'legal_rep_phone'),
  f('employees', '从业人数', 'Employees', 'employees'),
  f('floor_area', '自有房屋建筑面积', 'Own floor area', 'floor_area'),
  f('land_area', '土地使用面积', 'Land area', 'land_area'),
  f('construction_grade', '建筑业资质等级', 'Construction qualification grade', 'construction_grade'),
  f('pollutant_permit_class', '排污许可管理类别', 'Pollutant permit class', 'pollutant_permit_class'),
  f('safety_standard_level', '安全生产标准化等级', 'Work safety standard level', 'safety_standard_level'),
  f('customs_credit', '海关信用等级', 'Customs credit grade', 'customs_credit'),
  f('premises_address', '经营场所', 'Business premises', 'address'),
  f('premises_area', '经营场所面积', 'Premises floor area'),
  f('premises_layout', '场所布局与功能分区', 'Premises layout'),
  f('business_items', '经营项目（许可范围）', 'Licensed activities'),
  f('staff_qualified', '专业人员及资格', 'Qualified staff'),
  f('manager', '主要负责人（质量、安全）', 'Responsible manager'),
  f('equipment', '设施设备', 'Equipment'),
  f('storage', '仓储条件', 'Storage conditions'),
  f('vehicles', '车辆（数量、类型、号牌）', 'Vehicles'),
  f('drivers', '驾驶员及从业资格', 'Drivers'),
  f('seats', '座位数或核定人数', 'Seats or capacity'),
  f('rooms', '客房或包厢数', 'Rooms'),
  f('opening_hours', '营业时间', 'Opening hours'),
  f('pollutants', '污染物种类与排放方式', 'Pollutants and discharge'),
  f('water_use', '用水量与水源', 'Water use'),
  f('discharge_volume', '排水量与水质', 'Discharge volume and quality'),
  f('chemicals', '危险化学品品种', 'Hazardous chemicals'),
  f('project', '建设项目概况', 'Construction project'),
  f('plan', '服务（安全、质量）管理制度', 'Management rules'),
  f('capacity', '服务能力（床位、托位、学位）', 'Capacity'),
  f('domain', '网站域名或应用', 'Domain or app'),
  f('deposit', '质量保证金或注册资金证明', 'Deposit or capital proof'),
];
