import { item } from './licence-item.ts';
import type { LicenceItem } from './licence.types.ts';

const HAZCHEM_REG = '《危险化学品安全管理条例》';
const CONSTRUCTION_LAW = '《中华人民共和国建筑法》';
const PLANNING_LAW = '《中华人民共和国城乡规划法》';

/** Commerce, safety, construction, city, water, farming, education, welfare, monopolies, post, telecom, customs, tax and the rest. */
export const LICENCES_MORE: LicenceItem[] = [
  // Commerce (商务)
  item('foreign_trade_filing', '对外贸易经营者备案', 'Filing: foreign trade operator', 'commerce', 'filing', 'automatic', 0, ['《对外贸易经营者备案登记办法》', '第二条（2022年《对外贸易法》修正后不再作为前置，仍用于统计登记）'], ['business_scope'], []),
  item('auction', '拍卖业务许可', 'Auction licence', 'commerce', 'licence', 'review', 20, ['《中华人民共和国拍卖法》', '第十二条'], ['registered_capital', 'premises_address', 'staff_qualified'], ['拍卖师执业资格证书', '拍卖业务规则'], { level: 'province' }),
  item('pawn', '典当经营许可', 'Pawn licence', 'commerce', 'licence', 'review', 20, ['《典当管理办法》', '第十二条'], ['registered_capital', 'paid_in_capital', 'premises_address', 'manager'], ['股东出资证明', '典当行章程'], { level: 'province', beforeRegistration: true }),
  item('recycling_filing', '再生资源回收经营者备案', 'Filing: renewable resource recycling', 'commerce', 'filing', 'automatic', 0, ['《再生资源回收管理办法》', '第七条'], ['premises_address', 'storage'], []),
  item('prepaid_card_filing', '单用途商业预付卡发卡企业备案', 'Filing: single-purpose prepaid cards', 'commerce', 'filing', 'automatic', 0, ['《单用途商业预付卡管理办法（试行）》', '第七条'], ['business_items'], ['预付卡章程']),
  item('used_car_market_filing', '二手车交易市场经营者备案', 'Filing: used car market', 'commerce', 'filing', 'automatic', 0, ['《二手车流通管理办法》', '第十五条'], ['premises_address', 'premises_area'], []),
  item('franchise_filing', '商业特许经营备案', 'Filing: franchising', 'commerce', 'filing', 'review', 10, ['《商业特许经营管理条例》', '第八条'], ['business_items'], ['特许经营合同样本', '注册商标证明'], { level: 'province' }),
  item('refined_oil_retail', '成品油零售经营批准', 'Refined oil retail approval', 'commerce', 'licence', 'review', 20, ['《浙江省成品油市场管理办法》', '第十条'], ['premises_address', 'storage', 'equipment'], ['加油站规划选址意见', '安全评价报告'], { level: 'city', requires: ['business_licence', 'hazardous_chemicals_business', 'fire_safety_check'] }),
  // Emergency management (应急管理)
  item('hazardous_chemicals_business', '危险化学品经营许可', 'Hazardous chemicals trade licence', 'emergency', 'licence', 'review', 30, [HAZCHEM_REG, '第三十五条'], ['chemicals', 'storage', 'staff_qualified', 'manager'], ['安全生产规章制度', '安全评价报告', '事故应急救援预案']),
  item('production_safety', '安全生产许可', 'Work safety licence', 'emergency', 'licence', 'review', 45, ['《安全生产许可证条例》', '第七条'], ['safety_standard_level', 'staff_qualified', 'equipment'], ['安全生产责任制文件', '安全评价报告'], { level: 'province' }),
  item('fireworks_retail', '烟花爆竹零售许可', 'Fireworks retail licence', 'emergency', 'licence', 'review', 20, ['《烟花爆竹安全管理条例》', '第十九条'], ['premises_address', 'storage'], ['零售场所平面图', '安全管理制度']),
  item('precursor_chemicals_filing', '非药品类易制毒化学品经营备案', 'Filing: non-drug precursor chemicals', 'emergency', 'filing', 'automatic', 0, ['《易制毒化学品管理条例》', '第十三条'], ['chemicals'], ['易制毒化学品管理制度']),
  // Fire and rescue (消防救援)
  item('fire_safety_check', '公众聚集场所投入使用、营业前消防安全检查', 'Fire safety inspection before opening', 'fire', 'licence', 'commitment', 10, ['《中华人民共和国消防法》', '第十五条'], ['premises_address', 'premises_area', 'premises_layout', 'seats'], ['消防安全制度', '场所平面布置图']),
  // Housing and construction (住建)
  item('construction_qualification', '建筑业企业资质', 'Construction enterprise qualification', 'housing', 'licence', 'commitment', 20, [CONSTRUCTION_LAW, '第十三条'], ['construction_grade', 'registered_capital', 'staff_qualified'], ['技术负责人业绩证明', '注册建造师证书'], { level: 'city' }),
  item('construction_permit', '建筑工程施工许可', 'Construction works permit', 'housing', 'licence', 'review', 7, [CONSTRUCTION_LAW, '第八条'], ['project'], ['施工合同', '施工图审查合格证明'], { requires: ['business_licence', 'construction_planning'] }),
  item('real_estate_developer', '房地产开发企业资质', 'Real estate developer qualification', 'housing', 'licence', 'commitment', 20, ['《城市房地产开发经营管理条例》', '第九条'], ['registered_capital', 'staff_qualified'], ['专业技术人员职称证书'], { level: 'city' }),
  item('estate_agency_filing', '房地产经纪机构备案', 'Filing: estate agencies', 'housing', 'filing', 'automatic', 0, ['《房地产经纪管理办法》', '第十一条'], ['premises_address', 'staff_qualified'], []),
  item('engineering_design', '工程设计资质', 'Engineering design qualification', 'housing', 'licence', 'review', 20, ['《建设工程勘察设计管理条例》', '第七条'], ['staff_qualified'], ['注册执业人员证书', '代表工程业绩'], { level: 'province' }),
  item('engineering_supervision', '工程监理企业资质', 'Construction supervision qualification', 'housing', 'licence', 'commitment', 20, [CONSTRUCTION_LAW, '第三十一条'], ['staff_qualified'], ['注册监理工程师证书'], { level: 'province' }),
  item('fire_design_review', '特殊建设工程消防设计审查', 'Fire design review of special works', 'housing', 'licence', 'review', 15, ['《中华人民共和国消防法》', '第十一条'], ['project'], ['消防设计文件']),
  item('gas_business', '燃气经营许可', 'Gas business licence', 'housing', 'licence', 'review', 20, ['《城镇燃气管理条例》', '第十五条'], ['storage', 'equipment', 'staff_qualified'], ['燃气气源证明', '安全管理制度', '应急预案'], { level: 'city' }),
  item('property_service_filing', '物业服务企业备案', 'Filing: property management', 'housing', 'filing', 'automatic', 0, ['《浙江省物业管理条例》', '第五十五条'], ['business_items'], []),
  // Urban management (城管)
  item('outdoor_advertising', '户外广告设施设置许可', 'Outdoor advertising permit', 'urban', 'licence', 'commitment', 10, ['《城市市容和环境卫生管理条例》', '第十一条'], ['premises_address', 'project'], ['设置效果图', '结构安全证明']),
  item('shop_sign_filing', '店招店牌设置备案', 'Filing: shop signs', 'urban', 'filing', 'automatic', 0, ['《杭州市户外广告设施和招牌指示牌管理条例》', '第二十六条'], ['premises_address'], ['招牌效果图']),
  item('construction_waste', '城市建筑垃圾处置核准', 'Construction waste disposal approval', 'urban', 'licence', 'commitment', 20, ['《城市建筑垃圾管理规定》', '第七条'], ['vehicles', 'project'], ['运输车辆证明', '消纳场所证明']),
  item('sewer_discharge', '城镇污水排入排水管网许可', 'Permit to discharge into the public sewer', 'urban', 'licence', 'commitment', 15, ['《城镇排水与污水处理条例》', '第二十一条'], ['discharge_volume', 'premises_address'], ['排水户内部排水管网图', '水质检测报告']),
  item('road_occupation', '临时占用城市道路许可', 'Temporary road occupation permit', 'urban', 'licence', 'review', 10, ['《城市道路管理条例》', '第三十一条'], ['premises_address', 'project'], ['占道平面图']),
  item('kitchen_waste_filing', '餐厨垃圾产生单位申报', 'Filing: kitchen waste producers', 'urban', 'filing', 'automatic', 0, ['《杭州市生活垃圾管理条例》', '第三十五条'], ['premises_address', 'seats'], []),
  // Water (水利)
  item('water_intake', '取水许可', 'Water abstraction permit', 'water', 'licence', 'review', 45, ['《取水许可和水资源费征收管理条例》', '第十九条'], ['water_use', 'project'], ['建设项目水资源论证报告'], { level: 'city' }),
  item('river_works', '河道管理范围内建设项目审批', 'Works within river management limits', 'water', 'licence', 'review', 20, ['《中华人民共和国河道管理条例》', '第十一条'], ['project'], ['防洪评价报告']),
  item('soil_conservation', '生产建设项目水土保持方案审批', 'Soil and water conservation plan approval', 'water', 'licence', 'commitment', 20, ['《中华人民共和国水土保持法》', '第二十五条'], ['project'], ['水土保持方案报告书']),
  // Agriculture (农业农村)
  item('crop_seed', '农作物种子生产经营许可', 'Crop seed production and trade licence', 'agri', 'licence', 'review', 20, ['《中华人民共和国种子法》', '第三十一条'], ['storage', 'equipment', 'staff_qualified'], ['种子检验设施证明', '种子贮藏条件证明']),
  item('pesticide_trade', '农药经营许可', 'Pesticide trade licence', 'agri', 'licence', 'commitment', 20, ['《农药管理条例》', '第二十四条'], ['premises_address', 'storage', 'staff_qualified'], ['农药经营人员农学专业证明', '经营场所和仓储场所证明']),
  item('veterinary_drug_trade', '兽药经营许可', 'Veterinary drug trade licence', 'agri', 'licence', 'commitment', 30, ['《兽药管理条例》', '第二十二条'], ['premises_address', 'storage', 'staff_qualified'], ['兽药质量管理制度']),
  item('feed_production', '饲料和饲料添加剂生产许可', 'Feed production licence', 'agri', 'licence', 'review', 20, ['《饲料和饲料添加剂管理条例》', '第十五条'], ['equipment', 'staff_qualified'], ['生产工艺流程', '质量检验设备清单'], { level: 'province' }),
  item('animal_epidemic', '动物防疫条件合格证', 'Animal epidemic prevention certificate', 'agri', 'licence', 'review', 15, ['《中华人民共和国动物防疫法》', '第二十五条'], ['premises_address', 'premises_layout'], ['场所平面图', '防疫制度']),
  item('slaughter', '生猪定点屠宰许可', 'Designated pig slaughter licence', 'agri', 'licence', 'review', 20, ['《生猪屠宰管理条例》', '第十条'], ['premises_address', 'equipment'], ['检疫检验设施证明', '环境影响评价批复'], { level: 'city', requires: ['business_licence', 'animal_epidemic'] }),
  // Forestry (林业)
  item('forest_seed', '林草种子生产经营许可', 'Forest and grass seed licence', 'forestry', 'licence', 'review', 20, ['《中华人民共和国种子法》', '第三十一条'], ['storage', 'staff_qualified'], ['种子贮藏设施证明']),
  item('wild_animal_use', '野生动物及其制品经营利用许可', 'Wildlife trade licence', 'forestry', 'licence', 'review', 20, ['《中华人民共和国野生动物保护法》', '第二十八条'], ['business_items', 'storage'], ['合法来源证明'], { level: 'province' }),
  item('timber_processing', '木材经营加工备案', 'Filing: timber processing', 'forestry', 'filing', 'automatic', 0, ['《浙江省森林管理条例》', '第三十一条'], ['premises_address', 'equipment'], []),
  // Education (教育)
  item('private_school', '民办学校办学许可', 'Private school licence', 'edu', 'licence', 'review', 60, ['《中华人民共和国民办教育促进法》', '第十八条'], ['premises_address', 'capacity', 'staff_qualified'], ['学校章程', '资产及经费来源证明', '校舍证明'], { requires: [] }),
  item('off_campus_training', '校外培训机构（非学科类）审批', 'Approval: non-academic off-campus training', 'edu', 'licence', 'review', 20, ['《浙江省校外培训机构管理规定》', '第八条'], ['premises_address', 'staff_qualified', 'capacity'], ['培训场所安全证明', '教学人员资格证书'], { requires: ['fire_safety_check'] }),
  // Civil affairs (民政)
  item('elderly_care_filing', '养老机构备案', 'Filing: elderly care institution', 'civil', 'filing', 'automatic', 0, ['《中华人民共和国老年人权益保障法》', '第四十三条'], ['premises_address', 'capacity'], ['服务场所证明', '消防安全承诺']),
  // Tobacco (烟草)
  item('tobacco_retail', '烟草专卖零售许可', 'Tobacco retail licence', 'tobacco', 'licence', 'review', 20, ['《中华人民共和国烟草专卖法》', '第十六条'], ['premises_address'], ['经营场所证明']),
  // Post (邮政管理)
  item('express_delivery', '快递业务经营许可', 'Express delivery licence', 'post', 'licence', 'commitment', 45, ['《中华人民共和国邮政法》', '第五十二条'], ['premises_address', 'plan', 'equipment'], ['服务质量管理制度', '业务操作规范'], { level: 'province' }),
  item('express_branch_filing', '快递末端网点备案', 'Filing: express delivery terminals', 'post', 'filing', 'automatic', 0, ['《快递暂行条例》', '第十九条'], ['premises_address'], [], { requires: ['business_licence', 'express_delivery'] }),
  // Communications (通信管理)
  item('telecom_vas', '增值电信业务经营许可', 'Value-added telecom licence', 'telecom', 'licence', 'commitment', 60, ['《中华人民共和国电信条例》', '第十三条'], ['domain', 'registered_capital', 'staff_qualified'], ['网络与信息安全保障措施', '用户个人信息保护措施'], { level: 'province' }),
  item('icp_filing', '非经营性互联网信息服务备案', 'Filing: non-commercial internet information service', 'telecom', 'filing', 'automatic', 20, ['《互联网信息服务管理办法》', '第八条'], ['domain'], [], { level: 'province' }),
  // Customs (海关)
  item('customs_declarant', '报关单位备案（进出口货物收发货人）', 'Customs filing: importer and exporter', 'customs', 'filing', 'automatic', 0, ['《中华人民共和国海关报关单位备案管理规定》', '第四条'], ['customs_credit'], [], { level: 'city' }),
  item('export_food_filing', '出口食品生产企业备案', 'Filing: export food producers', 'customs', 'filing', 'review', 20, ['《中华人民共和国进出口食品安全管理办法》', '第三十五条'], ['business_items', 'equipment'], ['食品安全卫生控制体系文件'], { level: 'city', requires: ['food_production'] }),
  // Tax (税务)
  item('tax_registration_info', '新办纳税人涉税事项（信息确认）', 'New taxpayer information confirmation', 'tax', 'filing', 'automatic', 0, ['《中华人民共和国税收征收管理法》', '第十五条'], [], []),
  item('invoice_type', '发票票种核定', 'Invoice type approval', 'tax', 'licence', 'automatic', 0, ['《中华人民共和国发票管理办法》', '第十五条'], ['business_scope'], [], { requires: ['tax_registration_info'] }),
  item('general_taxpayer', '增值税一般纳税人登记', 'General VAT taxpayer registration', 'tax', 'filing', 'automatic', 0, ['《增值税一般纳税人登记管理办法》', '第五条'], ['business_scope'], [], { requires: ['tax_registration_info'] }),
  // Planning and natural resources (自然资源)
  item('land_use_planning', '建设用地规划许可', 'Land use planning permit', 'nrp', 'licence', 'review', 20, [PLANNING_LAW, '第三十七条'], ['land_area', 'project'], ['土地出让合同', '规划条件'], { level: 'city' }),
  item('construction_planning', '建设工程规划许可', 'Construction works planning permit', 'nrp', 'licence', 'review', 20, [PLANNING_LAW, '第四十条'], ['project'], ['建设工程设计方案总平面图'], { level: 'city', requires: ['business_licence', 'land_use_planning'] }),
  item('surveying', '测绘资质', 'Surveying qualification', 'nrp', 'licence', 'review', 20, ['《中华人民共和国测绘法》', '第二十七条'], ['staff_qualified', 'equipment'], ['注册测绘师证书', '仪器设备检定证书'], { level: 'province' }),
  // Sports (体育)
  item('high_risk_sports', '高危险性体育项目经营许可', 'High-risk sports licence', 'sports', 'licence', 'review', 30, ['《全民健身条例》', '第三十二条'], ['premises_address', 'staff_qualified', 'equipment'], ['社会体育指导人员资格证', '安全保障制度'], { requires: ['business_licence', 'fire_safety_check'] }),
  // Grain (粮食和物资储备)
  item('grain_purchase_filing', '粮食收购企业备案', 'Filing: grain purchasers', 'grain', 'filing', 'automatic', 0, ['《粮食流通管理条例》', '第九条'], ['storage', 'equipment'], []),
  // Meteorology (气象)
  item('lightning_design', '雷电防护装置设计审核', 'Lightning protection design review', 'meteorology', 'licence', 'review', 10, ['《气象灾害防御条例》', '第二十三条'], ['project'], ['防雷装置设计说明书']),
  item('balloon_release', '升放无人驾驶自由气球或系留气球活动审批', 'Balloon release approval', 'meteorology', 'licence', 'review', 5, ['《通用航空飞行管制条例》', '第三十四条'], ['premises_address', 'staff_qualified'], ['升放作业方案']),
  // People's Bank (人民银行)
  item('bank_account_filing', '企业银行基本存款账户备案', 'Filing: basic bank account', 'pbc', 'filing', 'automatic', 0, ['《人民币银行结算账户管理办法》', '第十八条'], [], []),
  // Housing provident fund (住房公积金)
  item('hpf_registration', '住房公积金缴存登记', 'Housing provident fund registration', 'hpf', 'filing', 'automatic', 0, ['《住房公积金管理条例》', '第十四条'], ['employees'], []),
  // Healthcare security (医疗保障)
  item('medical_insurance_registration', '医疗保险参保登记', 'Medical insurance registration', 'medins', 'filing', 'automatic', 0, ['《中华人民共和国社会保险法》', '第五十七条'], [], []),
  item('designated_pharmacy', '医保定点零售药店申请', 'Designated pharmacy for medical insurance', 'medins', 'licence', 'review', 30, ['《零售药店医疗保障定点管理暂行办法》', '第九条'], ['premises_address', 'staff_qualified'], ['医保信息系统接入承诺'], { requires: ['business_licence', 'drug_retail'] }),
  // Cultural heritage (文物)
  item('antique_shop', '文物商店设立审批', 'Antique shop licence', 'relics', 'licence', 'review', 30, ['《中华人民共和国文物保护法》', '第五十三条'], ['premises_address', 'staff_qualified', 'registered_capital'], ['文物鉴定人员资格证明'], { level: 'province' }),
  // Radio regulation (经信)
  item('radio_station', '无线电台（站）设置使用许可', 'Radio station licence', 'econ', 'licence', 'review', 20, ['《中华人民共和国无线电管理条例》', '第二十七条'], ['equipment', 'staff_qualified'], ['无线电发射设备型号核准证', '电磁兼容分析报告'], { level: 'province' }),
];
