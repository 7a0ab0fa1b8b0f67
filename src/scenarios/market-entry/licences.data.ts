import { item } from './licence-item.ts';
import type { LicenceItem } from './licence.types.ts';
import { LICENCES_MORE } from './licences-more.data.ts';

const FOOD_LAW = '《中华人民共和国食品安全法》';
const DRUG_LAW = '《中华人民共和国药品管理法》';
const DEVICE_REG = '《医疗器械监督管理条例》';
const ROAD_REG = '《中华人民共和国道路运输条例》';
const PUBLICATION_REG = '《出版管理条例》';

/** Registration, food, drugs, health, environment, public security, transport, employment and culture. */
const LICENCES_CORE: LicenceItem[] = [
  // Market regulation (市场监管)
  item('business_licence', '营业执照（设立登记）', 'Business licence (registration)', 'amr', 'licence', 'automatic', 3, ['《中华人民共和国市场主体登记管理条例》', '第十九条'], ['business_scope', 'registered_capital', 'industry', 'district'], ['公司章程', '股东主体资格证明', '住所使用证明']),
  item('food_business', '食品经营许可', 'Food business licence', 'amr', 'licence', 'commitment', 20, [FOOD_LAW, '第三十五条'], ['premises_address', 'premises_area', 'premises_layout', 'business_items', 'equipment', 'manager'], ['食品安全管理制度', '经营设备布局和操作流程']),
  item('food_prepackaged_filing', '仅销售预包装食品备案', 'Filing: pre-packaged food sales only', 'amr', 'filing', 'automatic', 0, [FOOD_LAW, '第三十五条第一款'], ['premises_address', 'business_items'], []),
  item('food_production', '食品生产许可', 'Food production licence', 'amr', 'licence', 'review', 20, [FOOD_LAW, '第三十五条'], ['premises_address', 'premises_layout', 'equipment', 'manager', 'business_items'], ['食品生产设备布局图和工艺流程图', '食品安全管理制度', '食品安全专业技术人员名单'], { level: 'city' }),
  item('food_workshop', '食品小作坊登记', 'Small food workshop registration', 'amr', 'filing', 'review', 10, ['《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》', '第八条'], ['premises_address', 'business_items', 'equipment'], ['从业人员健康证明']),
  item('small_catering', '小餐饮店登记', 'Small restaurant registration', 'amr', 'filing', 'automatic', 0, ['《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》', '第八条'], ['premises_address', 'premises_area', 'business_items'], []),
  item('food_vendor', '食品摊贩登记', 'Food stall registration', 'amr', 'filing', 'automatic', 0, ['《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》', '第二十三条'], ['premises_address', 'business_items'], [], { requires: [] }),
  item('device_class2_filing', '第二类医疗器械经营备案', 'Filing: class II medical device trade', 'amr', 'filing', 'automatic', 0, [DEVICE_REG, '第四十一条'], ['premises_address', 'storage', 'manager', 'business_items'], []),
  item('device_class3', '第三类医疗器械经营许可', 'Class III medical device trade licence', 'amr', 'licence', 'review', 20, [DEVICE_REG, '第四十二条'], ['premises_address', 'premises_area', 'storage', 'manager', 'staff_qualified', 'business_items'], ['质量管理制度', '经营场所和库房产权或租赁证明', '计算机信息管理系统说明'], { level: 'city' }),
  item('special_equipment_use', '特种设备使用登记', 'Special equipment use registration', 'amr', 'filing', 'automatic', 15, ['《中华人民共和国特种设备安全法》', '第三十三条'], ['equipment'], ['特种设备产品合格证', '监督检验证明']),
  item('industrial_product', '重要工业产品生产许可', 'Production licence for key industrial products', 'amr', 'licence', 'commitment', 20, ['《中华人民共和国工业产品生产许可证管理条例》', '第十九条'], ['premises_address', 'equipment', 'business_items'], ['产品检验报告', '生产工艺流程'], { level: 'province' }),
  item('inspection_body', '检验检测机构资质认定', 'Accreditation of an inspection body', 'amr', 'licence', 'commitment', 20, ['《检验检测机构资质认定管理办法》', '第十二条'], ['premises_address', 'equipment', 'staff_qualified'], ['检验检测能力申请表', '管理体系文件'], { level: 'province' }),
  item('metrology_standard', '计量标准器具核准', 'Approval of measurement standards', 'amr', 'licence', 'review', 20, ['《中华人民共和国计量法》', '第六条'], ['equipment', 'staff_qualified'], ['计量标准技术报告', '检定或校准证书'], { level: 'city' }),
  item('advertising_publication', '广告发布登记', 'Advertising publication registration', 'amr', 'filing', 'automatic', 5, ['《中华人民共和国广告法》', '第二十九条'], ['business_items', 'manager'], ['广告审查制度'], { level: 'city' }),
  item('spirits_filing', '酒类经营备案', 'Filing: alcohol trade', 'amr', 'filing', 'automatic', 0, ['《浙江省酒类商品经营管理办法》', '第七条'], ['premises_address', 'business_items'], []),
  // Medical products (药监)
  item('drug_retail', '药品零售企业经营许可', 'Drug retail licence', 'mpa', 'licence', 'review', 20, [DRUG_LAW, '第五十二条'], ['premises_address', 'premises_area', 'storage', 'staff_qualified', 'manager'], ['执业药师注册证', '质量管理文件', '设施设备目录'], { level: 'city' }),
  item('drug_wholesale', '药品批发企业经营许可', 'Drug wholesale licence', 'mpa', 'licence', 'review', 30, [DRUG_LAW, '第五十一条'], ['premises_address', 'storage', 'staff_qualified', 'manager'], ['仓库平面布置图', '质量管理文件', '计算机系统说明'], { level: 'province' }),
  item('cosmetics_production', '化妆品生产许可', 'Cosmetics production licence', 'mpa', 'licence', 'review', 20, ['《化妆品监督管理条例》', '第二十七条'], ['premises_address', 'premises_layout', 'equipment', 'manager'], ['生产车间平面图', '质量管理体系文件'], { level: 'province' }),
  item('device_production_class2', '第二类医疗器械生产许可', 'Class II medical device production licence', 'mpa', 'licence', 'review', 20, [DEVICE_REG, '第三十二条'], ['premises_address', 'equipment', 'staff_qualified'], ['产品注册证', '生产质量管理规范自查报告'], { level: 'province' }),
  item('online_drug_info', '互联网药品信息服务资格', 'Online drug information service', 'mpa', 'licence', 'commitment', 20, ['《互联网药品信息服务管理办法》', '第十三条'], ['domain', 'staff_qualified'], ['网站栏目设置说明', '信息安全管理制度'], { level: 'province' }),
  // Health (卫生健康)
  item('public_venue_hygiene', '公共场所卫生许可', 'Public venue hygiene licence', 'health', 'licence', 'commitment', 20, ['《公共场所卫生管理条例》', '第八条'], ['premises_address', 'premises_area', 'premises_layout'], ['卫生管理制度', '从业人员健康合格证明']),
  item('medical_institution', '医疗机构执业许可', 'Medical institution practising licence', 'health', 'licence', 'review', 45, ['《医疗机构管理条例》', '第十六条'], ['premises_address', 'premises_area', 'staff_qualified', 'equipment', 'capacity'], ['医疗机构建筑设计平面图', '医务人员执业证书', '规章制度'], { level: 'city' }),
  item('clinic_filing', '诊所备案', 'Clinic filing', 'health', 'filing', 'automatic', 0, ['《医疗机构管理条例》', '第十五条'], ['premises_address', 'staff_qualified'], ['医师执业证书', '诊所平面布局图']),
  item('radiation_diagnosis', '放射诊疗许可', 'Radiological diagnosis licence', 'health', 'licence', 'review', 20, ['《放射诊疗管理规定》', '第十二条'], ['equipment', 'staff_qualified'], ['放射诊疗建设项目竣工验收合格证明', '放射防护检测报告'], { requires: ['medical_institution'] }),
  item('water_supply_hygiene', '供水单位卫生许可', 'Drinking water supply hygiene licence', 'health', 'licence', 'review', 20, ['《生活饮用水卫生监督管理办法》', '第七条'], ['premises_address', 'water_use', 'equipment'], ['水质检验报告', '卫生管理制度']),
  item('disinfection_products', '消毒产品生产企业卫生许可', 'Disinfectant production hygiene licence', 'health', 'licence', 'review', 20, ['《消毒管理办法》', '第二十条'], ['premises_address', 'equipment', 'premises_layout'], ['生产工艺流程图', '产品检验报告'], { level: 'province' }),
  item('childcare_filing', '托育机构备案', 'Childcare institution filing', 'health', 'filing', 'automatic', 0, ['《托育机构登记和备案办法（试行）》', '第五条'], ['premises_address', 'capacity', 'staff_qualified'], ['场地证明', '消防安全证明']),
  // Environment (生态环境)
  item('pollutant_discharge', '排污许可', 'Pollutant discharge permit', 'eco', 'licence', 'review', 20, ['《排污许可管理条例》', '第十三条'], ['pollutant_permit_class', 'pollutants', 'equipment'], ['自行监测方案', '污染防治设施说明'], { level: 'city', requires: ['business_licence', 'eia_approval'] }),
  item('pollutant_registration', '固定污染源排污登记', 'Fixed pollution source registration', 'eco', 'filing', 'automatic', 0, ['《排污许可管理条例》', '第二十四条'], ['pollutant_permit_class', 'pollutants'], []),
  item('eia_approval', '建设项目环境影响评价文件审批', 'Environmental impact assessment approval', 'eco', 'licence', 'commitment', 30, ['《中华人民共和国环境影响评价法》', '第二十二条'], ['project', 'pollutants'], ['环境影响报告书（表）']),
  item('eia_filing', '建设项目环境影响登记表备案', 'Filing: environmental impact registration form', 'eco', 'filing', 'automatic', 0, ['《中华人民共和国环境影响评价法》', '第二十二条'], ['project'], []),
  item('hazardous_waste', '危险废物经营许可', 'Hazardous waste operation licence', 'eco', 'licence', 'review', 20, ['《危险废物经营许可证管理办法》', '第十一条'], ['premises_address', 'equipment', 'staff_qualified', 'pollutants'], ['处置设施说明', '事故应急预案'], { level: 'province', requires: ['business_licence', 'eia_approval'] }),
  item('radiation_safety', '辐射安全许可', 'Radiation safety licence', 'eco', 'licence', 'review', 20, ['《放射性同位素与射线装置安全和防护条例》', '第十一条'], ['equipment', 'staff_qualified'], ['辐射安全管理制度', '环境影响评价批复'], { level: 'city' }),
  // Public security (公安)
  item('hotel_special_trade', '特种行业许可（旅馆业）', 'Special trade licence: hotels', 'police', 'licence', 'commitment', 20, ['《旅馆业治安管理办法》', '第四条'], ['premises_address', 'rooms', 'manager'], ['治安保卫制度', '旅馆业治安管理信息系统安装证明'], { requires: ['business_licence', 'fire_safety_check'] }),
  item('pawn_special_trade', '特种行业许可（典当业）', 'Special trade licence: pawn', 'police', 'licence', 'review', 10, ['《典当管理办法》', '第二十四条'], ['premises_address', 'manager'], ['安全防范设施说明'], { requires: ['pawn'] }),
  item('seal_filing', '印章刻制备案', 'Filing: company seals', 'police', 'filing', 'automatic', 0, ['《国务院对确需保留的行政审批项目设定行政许可的决定》', '第三十八项（2020年改为备案）'], [], []),
  item('security_service', '保安服务许可', 'Security service licence', 'police', 'licence', 'review', 15, ['《保安服务管理条例》', '第九条'], ['registered_capital', 'manager', 'staff_qualified'], ['保安服务管理制度', '主要管理人员履历'], { level: 'province', beforeRegistration: true }),
  item('security_training', '保安培训许可', 'Security training licence', 'police', 'licence', 'review', 15, ['《保安服务管理条例》', '第三十三条'], ['premises_address', 'staff_qualified'], ['培训大纲', '教学设施说明'], { level: 'city' }),
  item('toxic_chemicals_purchase', '剧毒化学品购买许可', 'Purchase permit: highly toxic chemicals', 'police', 'licence', 'review', 3, ['《危险化学品安全管理条例》', '第三十九条'], ['chemicals'], ['购买用途说明', '经办人身份证明']),
  item('large_event', '大型群众性活动安全许可', 'Safety licence: large public events', 'police', 'licence', 'review', 7, ['《大型群众性活动安全管理条例》', '第十三条'], ['premises_address', 'seats', 'plan'], ['活动安全工作方案', '场所管理者同意证明']),
  item('secondhand_filing', '旧货业、机动车修理业治安备案', 'Police filing: second-hand goods and vehicle repair', 'police', 'filing', 'automatic', 0, ['《浙江省特种行业治安管理条例》', '第十条'], ['premises_address', 'manager'], []),
  // Transport (交通运输)
  item('road_freight', '道路货物运输经营许可', 'Road freight licence', 'transport', 'licence', 'commitment', 20, [ROAD_REG, '第二十四条'], ['vehicles', 'drivers', 'plan'], ['车辆技术检测报告', '驾驶员从业资格证']),
  item('road_passenger', '道路旅客运输经营许可', 'Road passenger transport licence', 'transport', 'licence', 'review', 20, [ROAD_REG, '第十条'], ['vehicles', 'drivers', 'plan'], ['客运车辆技术等级评定', '安全生产管理制度'], { level: 'city' }),
  item('dangerous_goods_transport', '道路危险货物运输许可', 'Road transport of dangerous goods', 'transport', 'licence', 'review', 20, [ROAD_REG, '第二十四条'], ['vehicles', 'drivers', 'chemicals', 'plan'], ['专用车辆及设备证明', '停车场地证明', '安全生产管理制度'], { level: 'city' }),
  item('vehicle_repair_filing', '机动车维修经营备案', 'Filing: motor vehicle repair', 'transport', 'filing', 'automatic', 0, ['《机动车维修管理规定》', '第十一条'], ['premises_address', 'equipment', 'staff_qualified'], []),
  item('driving_school_filing', '机动车驾驶员培训备案', 'Filing: driver training', 'transport', 'filing', 'automatic', 0, [ROAD_REG, '第四十条'], ['premises_address', 'vehicles', 'staff_qualified'], ['教练场地证明']),
  item('taxi', '出租汽车经营许可', 'Taxi operation licence', 'transport', 'licence', 'review', 20, ['《巡游出租汽车经营服务管理规定》', '第九条'], ['vehicles', 'drivers', 'plan'], ['车辆经营权证明', '服务质量保障制度'], { level: 'city' }),
  item('online_car_hailing', '网络预约出租汽车经营许可', 'Online car-hailing licence', 'transport', 'licence', 'review', 20, ['《网络预约出租汽车经营服务管理暂行办法》', '第七条'], ['domain', 'plan'], ['网络服务平台数据库接入证明', '服务所在地办公场所证明'], { level: 'city', requires: ['business_licence', 'telecom_vas'] }),
  item('waterway_transport', '国内水路运输经营许可', 'Domestic waterway transport licence', 'transport', 'licence', 'review', 30, ['《国内水路运输管理条例》', '第九条'], ['vehicles', 'staff_qualified'], ['船舶所有权证书', '安全管理体系'], { level: 'province' }),
  item('freight_station_filing', '道路货运站（场）经营备案', 'Filing: freight station', 'transport', 'filing', 'automatic', 0, [ROAD_REG, '第三十九条'], ['premises_address', 'premises_area', 'equipment'], []),
  // Human resources and social security (人力社保)
  item('hr_service', '人力资源服务许可（职业中介）', 'Human resources service licence', 'hrss', 'licence', 'commitment', 20, ['《人力资源市场暂行条例》', '第十八条'], ['premises_address', 'staff_qualified', 'plan'], ['服务场所证明', '工作规则']),
  item('hr_service_filing', '人力资源服务备案', 'Filing: human resources services', 'hrss', 'filing', 'automatic', 0, ['《人力资源市场暂行条例》', '第十九条'], ['business_items'], []),
  item('labour_dispatch', '劳务派遣经营许可', 'Labour dispatch licence', 'hrss', 'licence', 'commitment', 20, ['《中华人民共和国劳动合同法》', '第五十七条'], ['registered_capital', 'paid_in_capital', 'premises_address', 'plan'], ['劳务派遣管理制度', '验资证明']),
  item('private_vocational_training', '民办职业培训学校办学许可', 'Private vocational training school licence', 'hrss', 'licence', 'review', 60, ['《中华人民共和国民办教育促进法》', '第十八条'], ['premises_address', 'capacity', 'staff_qualified'], ['办学章程', '资产来源证明', '教学场所证明'], { requires: [] }),
  item('special_working_hours', '特殊工时工作制审批', 'Approval of special working hours', 'hrss', 'licence', 'automatic', 10, ['《关于企业实行不定时工作制和综合计算工时工作制的审批办法》', '第七条'], ['employees'], ['工会或职工代表意见']),
  item('social_insurance_registration', '社会保险登记', 'Social insurance registration', 'hrss', 'filing', 'automatic', 0, ['《中华人民共和国社会保险法》', '第五十七条'], [], []),
  // Press, publication and film (新闻出版/宣传)
  item('publication_retail', '出版物零售业务经营许可', 'Publication retail licence', 'publicity', 'licence', 'commitment', 20, [PUBLICATION_REG, '第三十七条'], ['premises_address', 'premises_area'], ['经营场所使用证明']),
  item('publication_wholesale', '出版物批发业务经营许可', 'Publication wholesale licence', 'publicity', 'licence', 'review', 20, [PUBLICATION_REG, '第三十五条'], ['premises_address', 'storage', 'staff_qualified'], ['仓储场所证明', '从业人员资格证书'], { level: 'province' }),
  item('printing', '印刷经营许可', 'Printing licence', 'publicity', 'licence', 'commitment', 20, ['《印刷业管理条例》', '第十一条'], ['premises_address', 'equipment', 'business_items'], ['生产设备清单', '质量管理制度'], { level: 'city' }),
  item('packaging_printing', '包装装潢印刷品印刷经营许可', 'Packaging printing licence', 'publicity', 'licence', 'commitment', 20, ['《印刷业管理条例》', '第十一条'], ['premises_address', 'equipment'], ['生产设备清单'], { level: 'city' }),
  item('film_screening', '电影放映单位设立审批', 'Cinema licence', 'publicity', 'licence', 'review', 20, ['《中华人民共和国电影产业促进法》', '第二十四条'], ['premises_address', 'seats', 'equipment'], ['放映设备清单', '放映场所证明'], { requires: ['business_licence', 'fire_safety_check'] }),
  item('online_publishing', '网络出版服务许可', 'Online publishing licence', 'publicity', 'licence', 'review', 20, ['《网络出版服务管理规定》', '第十条'], ['domain', 'staff_qualified'], ['编辑出版人员资格证明', '网站域名注册证明'], { level: 'province', requires: ['business_licence', 'telecom_vas'] }),
  // Culture and tourism (文化和旅游)
  item('entertainment_venue', '娱乐场所经营许可', 'Entertainment venue licence', 'culture', 'licence', 'commitment', 20, ['《娱乐场所管理条例》', '第九条'], ['premises_address', 'premises_area', 'rooms', 'opening_hours'], ['场所平面图', '安全防范设施说明'], { requires: ['business_licence', 'fire_safety_check'] }),
  item('internet_culture', '网络文化经营许可', 'Internet culture business licence', 'culture', 'licence', 'review', 20, ['《互联网文化管理暂行规定》', '第九条'], ['domain', 'staff_qualified', 'business_items'], ['内容自审制度', '业务发展报告'], { level: 'province', requires: ['business_licence', 'telecom_vas'] }),
  item('travel_agency', '旅行社业务经营许可', 'Travel agency licence', 'culture', 'licence', 'commitment', 20, ['《旅行社条例》', '第七条'], ['premises_address', 'manager'], ['质量保证金存缴证明', '营业设施说明'], { level: 'city' }),
  item('performance_broker', '营业性演出许可（演出经纪机构）', 'Commercial performance licence: agencies', 'culture', 'licence', 'commitment', 20, ['《营业性演出管理条例》', '第六条'], ['staff_qualified'], ['演出经纪人员资格证明'], { level: 'city' }),
  item('performance_group', '营业性演出许可（文艺表演团体）', 'Commercial performance licence: troupes', 'culture', 'licence', 'commitment', 20, ['《营业性演出管理条例》', '第六条'], ['staff_qualified'], ['演员艺术表演能力证明']),
  item('performance_venue_filing', '演出场所经营单位备案', 'Filing: performance venues', 'culture', 'filing', 'automatic', 0, ['《营业性演出管理条例》', '第七条'], ['premises_address', 'seats'], [], { requires: ['business_licence', 'fire_safety_check'] }),
  item('internet_cafe', '互联网上网服务营业场所经营许可', 'Internet café licence', 'culture', 'licence', 'review', 20, ['《互联网上网服务营业场所管理条例》', '第十一条'], ['premises_address', 'premises_area', 'equipment', 'opening_hours'], ['计算机数量和网络安全技术措施说明'], { requires: ['business_licence', 'fire_safety_check'] }),
  item('art_trade_filing', '艺术品经营单位备案', 'Filing: art trade', 'culture', 'filing', 'automatic', 0, ['《艺术品经营管理办法》', '第五条'], ['premises_address', 'business_items'], []),
  item('radio_tv_production', '广播电视节目制作经营许可', 'Radio and television programme production licence', 'culture', 'licence', 'review', 20, ['《广播电视管理条例》', '第三十五条'], ['staff_qualified', 'equipment'], ['节目制作人员名单', '制作设备清单'], { level: 'province' }),
  item('homestay', '民宿登记', 'Homestay registration', 'culture', 'filing', 'review', 10, ['《浙江省民宿管理办法》', '第十条'], ['premises_address', 'rooms'], ['房屋安全鉴定', '消防安全承诺'], { requires: ['business_licence', 'public_venue_hygiene'] }),
];

/** The shipped licence catalogue: every item, in the order the catalogue lists them. */
export const DEFAULT_LICENCES: readonly LicenceItem[] = [...LICENCES_CORE, ...LICENCES_MORE];
