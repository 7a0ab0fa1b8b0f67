/** A general item (一般项目) needs no licence; a licensed item (许可项目) needs the listed ones. */
export type ScopeClass = 'general' | 'licensed';

/** One standard business-scope wording (经营范围规范表述) with the licence items it needs. */
export interface ScopeEntry {
  /** Stable code: the GB/T 4754 section letter and a number, e.g. `H012`. */
  code: string;
  wording: string;
  /** GB/T 4754-2017 section letter. */
  section: string;
  class: ScopeClass;
  /** Licence catalogue codes: required items for a licensed entry; filings a general entry needs. */
  licences: string[];
}

type Row = [wording: string, licences?: string[] | string];

// Rows of one section: a row with licences is a licensed entry unless every one is a filing; the
// class is then fixed in `scopeEntries` from the catalogue, so the table states only facts.
const SECTIONS: Record<string, Row[]> = {
  A: [
    ['谷物种植'], ['蔬菜种植'], ['水果种植'], ['茶叶种植'], ['花卉种植'], ['中草药种植'], ['食用农产品初加工'], ['农业机械服务'], ['农业专业及辅助性活动'],
    ['农作物种子生产', 'crop_seed'], ['农作物种子经营', 'crop_seed'], ['农作物种子经营（仅限不再分装的包装种子）'], ['林木种子生产经营', 'forest_seed'], ['草种生产经营', 'forest_seed'],
    ['牲畜饲养', 'animal_epidemic'], ['家禽饲养', 'animal_epidemic'], ['水产养殖'], ['水产苗种生产'], ['生猪屠宰', 'slaughter'], ['动物诊疗', 'animal_epidemic'],
    ['宠物饲养'], ['宠物服务（不含动物诊疗）'], ['林业产品销售'], ['智能农业管理'], ['农业科学研究和试验发展'],
  ],
  B: [['矿产资源勘查', 'surveying'], ['非煤矿山矿产资源开采', 'production_safety'], ['矿物洗选加工']],
  C: [
    ['食品生产', 'food_production'], ['保健食品生产', 'food_production'], ['婴幼儿配方食品生产', 'food_production'], ['食品添加剂生产', 'food_production'], ['酒制品生产', 'food_production'],
    ['饮料生产', 'food_production'], ['乳制品生产', 'food_production'], ['食品小作坊经营', 'food_workshop'], ['粮食加工食品生产', 'food_production'], ['茶叶制品生产', 'food_production'],
    ['饲料生产', 'feed_production'], ['饲料添加剂生产', 'feed_production'], ['药品生产', 'drug_wholesale'], ['化妆品生产', 'cosmetics_production'], ['第二类医疗器械生产', 'device_production_class2'],
    ['第一类医疗器械生产'], ['消毒剂生产（不含危险化学品）', 'disinfection_products'], ['卫生用品和一次性使用医疗用品生产', 'disinfection_products'], ['危险化学品生产', 'production_safety'], ['农药生产', 'production_safety'],
    ['烟花爆竹生产', 'production_safety'], ['包装装潢印刷品印刷', 'packaging_printing'], ['出版物印刷', 'printing'], ['特定印刷品印刷', 'printing'], ['文件、资料等其他印刷品印刷', 'printing'],
    ['电线、电缆制造', 'industrial_product'], ['危险化学品包装物及容器生产', 'industrial_product'], ['建筑用钢筋产品生产', 'industrial_product'], ['水泥生产', 'industrial_product'], ['人民防空工程防护设备制造'],
    ['服装制造'], ['服饰制造'], ['针纺织品及原料销售'], ['纺织专用设备制造'], ['鞋制造'], ['皮革制品制造'], ['木制容器制造'], ['家具制造'], ['竹制品制造'], ['纸制品制造'],
    ['文具制造'], ['体育用品及器材制造'], ['玩具制造'], ['工艺美术品及礼仪用品制造（象牙及其制品除外）'], ['塑料制品制造'], ['橡胶制品制造'], ['日用玻璃制品制造'], ['金属制品研发'], ['金属结构制造'], ['五金产品制造'],
    ['通用设备制造（不含特种设备制造）'], ['专用设备制造（不含许可类专业设备制造）'], ['特种设备制造', 'industrial_product'], ['汽车零部件及配件制造'], ['电机制造'], ['电子元器件制造'], ['计算机软硬件及外围设备制造'], ['通信设备制造'],
    ['智能家庭消费设备制造'], ['光电子器件制造'], ['集成电路制造'], ['照明器具制造'], ['家用电器制造'], ['仪器仪表制造'], ['智能机器人的研发'], ['新材料技术研发'], ['新能源原动设备制造'], ['电池制造'],
  ],
  D: [['发电业务、输电业务、供（配）电业务', 'production_safety'], ['热力生产和供应'], ['自来水生产与供应', 'water_supply_hygiene'], ['污水处理及其再生利用'], ['燃气经营', 'gas_business'], ['太阳能发电技术服务'], ['储能技术服务']],
  E: [
    ['建设工程施工', 'construction_qualification'], ['建筑劳务分包', 'construction_qualification'], ['住宅室内装饰装修', 'construction_qualification'], ['建设工程设计', 'engineering_design'], ['建设工程勘察', 'engineering_design'],
    ['建设工程监理', 'engineering_supervision'], ['施工专业作业', 'construction_qualification'], ['电力设施承装、承修、承试'], ['园林绿化工程施工'], ['土石方工程施工'], ['金属门窗工程施工'],
    ['体育场地设施工程施工'], ['普通机械设备安装服务'], ['建筑物清洁服务'], ['对外承包工程'], ['城市建筑垃圾处置（清运）', 'construction_waste'], ['建筑装饰材料销售'],
  ],
  F: [
    ['食品销售', 'food_business'], ['食品销售（仅销售预包装食品）', 'food_prepackaged_filing'], ['食品互联网销售', 'food_business'], ['食品互联网销售（仅销售预包装食品）', 'food_prepackaged_filing'], ['保健食品（预包装）销售', 'food_prepackaged_filing'],
    ['婴幼儿配方乳粉及其他婴幼儿配方食品销售', 'food_prepackaged_filing'], ['特殊医学用途配方食品销售', 'food_business'], ['食用农产品零售'], ['食用农产品批发'], ['食品小摊贩经营', 'food_vendor'],
    ['酒类经营', 'spirits_filing'], ['烟草制品零售', 'tobacco_retail'], ['电子烟零售', 'tobacco_retail'], ['雪茄烟零售', 'tobacco_retail'], ['药品零售', 'drug_retail'], ['药品批发', 'drug_wholesale'], ['药品互联网信息服务', 'online_drug_info'],
    ['第一类医疗器械销售'], ['第二类医疗器械销售', 'device_class2_filing'], ['第三类医疗器械经营', 'device_class3'], ['医护人员防护用品零售'], ['卫生用品和一次性使用医疗用品销售'], ['消毒剂销售（不含危险化学品）'],
    ['化妆品零售'], ['化妆品批发'], ['个人卫生用品销售'], ['日用百货销售'], ['日用品销售'], ['日用杂品销售'], ['五金产品零售'], ['五金产品批发'], ['家用电器销售'], ['电子产品销售'], ['通讯设备销售'],
    ['计算机软硬件及辅助设备零售'], ['计算机软硬件及辅助设备批发'], ['办公用品销售'], ['文具用品零售'], ['文具用品批发'], ['体育用品及器材零售'], ['体育用品及器材批发'], ['玩具销售'], ['服装服饰零售'], ['服装服饰批发'],
    ['鞋帽零售'], ['鞋帽批发'], ['箱包销售'], ['针纺织品销售'], ['化工产品销售（不含许可类化工产品）'], ['危险化学品经营', 'hazardous_chemicals_business'], ['成品油零售', 'refined_oil_retail'], ['成品油批发（不含危险化学品）'],
    ['煤炭及制品销售'], ['建筑材料销售'], ['金属材料销售'], ['塑料制品销售'], ['橡胶制品销售'], ['机械设备销售'], ['汽车新车销售'], ['汽车旧车销售'], ['二手车交易市场经营', 'used_car_market_filing'], ['新能源汽车整车销售'],
    ['汽车零配件零售'], ['汽车零配件批发'], ['摩托车及零配件零售'], ['电动自行车销售'], ['自行车及零配件零售'], ['农药零售', 'pesticide_trade'], ['农药批发', 'pesticide_trade'], ['兽药经营', 'veterinary_drug_trade'],
    ['化肥销售'], ['饲料原料销售'], ['畜牧渔业饲料销售'], ['农副产品销售'], ['初级农产品收购'], ['粮食收购', 'grain_purchase_filing'], ['粮油仓储服务'], ['烟花爆竹零售', 'fireworks_retail'], ['非药品类易制毒化学品经营', 'precursor_chemicals_filing'],
    ['出版物零售', 'publication_retail'], ['出版物批发', 'publication_wholesale'], ['出版物互联网销售', 'publication_retail'], ['图书出租'], ['音像制品出租'], ['工艺美术品及收藏品零售（象牙及其制品除外）'], ['艺术品经营', 'art_trade_filing'],
    ['文物销售', 'antique_shop'], ['珠宝首饰零售'], ['珠宝首饰批发'], ['钟表销售'], ['眼镜销售（不含隐形眼镜）'], ['隐形眼镜销售', 'device_class3'], ['宠物食品及用品零售'], ['花卉绿植租借与代管理'],
    ['互联网销售（除销售需要许可的商品）'], ['再生资源回收（除生产性废旧金属）', 'recycling_filing'], ['生产性废旧金属回收', 'recycling_filing'], ['再生资源销售'], ['货物进出口', 'foreign_trade_filing'], ['技术进出口', 'foreign_trade_filing'],
    ['进出口代理', 'customs_declarant'], ['国内贸易代理'], ['销售代理'], ['贸易经纪'], ['拍卖业务', 'auction'], ['典当', 'pawn'], ['单用途商业预付卡代理销售'], ['发行单用途商业预付卡', 'prepaid_card_filing'], ['商业综合体管理服务'],
  ],
  G: [
    ['道路货物运输（不含危险货物）', 'road_freight'], ['道路货物运输（网络货运）', 'road_freight'], ['道路危险货物运输', 'dangerous_goods_transport'], ['道路旅客运输经营', 'road_passenger'], ['城市公共交通', 'road_passenger'],
    ['巡游出租汽车经营服务', 'taxi'], ['网络预约出租汽车经营服务', 'online_car_hailing'], ['道路货物运输站经营', 'freight_station_filing'], ['机动车驾驶员培训', 'driving_school_filing'], ['国内水路旅客运输', 'waterway_transport'],
    ['国内船舶代理'], ['国内货物运输代理'], ['国际货物运输代理'], ['普通货物仓储服务（不含危险化学品等需许可审批的项目）'], ['低温仓储（不含危险化学品等需许可审批的项目）'], ['装卸搬运'], ['供应链管理服务'], ['无船承运业务'],
    ['快递服务', 'express_delivery'], ['快递末端网点经营', 'express_branch_filing'], ['邮政基本服务', 'express_delivery'], ['国内集装箱货物运输代理'], ['停车场服务'], ['城市配送运输服务（不含危险货物）', 'road_freight'], ['小微型客车租赁经营服务'],
    ['汽车租赁'], ['自行车及零配件租赁'], ['运输设备租赁服务'], ['航空运输货物打包服务'], ['无人机培训'],
  ],
  H: [
    ['餐饮服务', 'food_business'], ['餐饮服务（不产生油烟、异味、废气）', 'food_business'], ['小餐饮', 'small_catering'], ['小食杂', 'food_prepackaged_filing'], ['餐饮管理'], ['外卖递送服务'],
    ['住宿服务', ['hotel_special_trade', 'public_venue_hygiene']], ['民宿服务', 'homestay'], ['酒店管理'], ['餐饮服务（仅提供现制饮品）', 'food_business'], ['食品经营（销售散装食品）', 'food_business'], ['茶具销售'],
  ],
  I: [
    ['第一类增值电信业务', 'telecom_vas'], ['第二类增值电信业务', 'telecom_vas'], ['互联网信息服务', 'telecom_vas'], ['基础电信业务', 'telecom_vas'], ['网络文化经营', 'internet_culture'], ['网络出版服务', 'online_publishing'],
    ['广播电视节目制作经营', 'radio_tv_production'], ['信息网络传播视听节目', 'radio_tv_production'], ['软件开发'], ['软件销售'], ['信息技术咨询服务'], ['信息系统集成服务'], ['信息系统运行维护服务'], ['数据处理和存储支持服务'],
    ['数据处理服务'], ['人工智能应用软件开发'], ['人工智能基础软件开发'], ['网络技术服务'], ['物联网技术服务'], ['云计算装备技术服务'], ['区块链技术相关软件和服务'], ['互联网数据服务'], ['互联网安全服务'], ['网络与信息安全软件开发'],
    ['计算机系统服务'], ['卫星通信服务', 'telecom_vas'], ['数字内容制作服务（不含出版发行）'], ['数字文化创意软件开发'], ['动漫游戏开发'], ['游戏软件设计制作'], ['无线电台（站）设置使用', 'radio_station'], ['网站建设（非经营性信息发布）', 'icp_filing'],
  ],
  J: [['发放贷款（小额贷款公司）'], ['融资担保业务'], ['保险兼业代理业务'], ['非融资担保服务'], ['融资咨询服务'], ['财务咨询'], ['以自有资金从事投资活动'], ['自有资金投资的资产管理服务'], ['信息咨询服务（不含许可类信息咨询服务）']],
  K: [
    ['房地产开发经营', 'real_estate_developer'], ['物业管理', 'property_service_filing'], ['房地产经纪', 'estate_agency_filing'], ['房地产咨询'], ['住房租赁'], ['非居住房地产租赁'], ['房地产评估'], ['土地使用权租赁'], ['柜台、摊位出租'],
  ],
  L: [
    ['人力资源服务（不含职业中介活动、劳务派遣服务）', 'hr_service_filing'], ['职业中介活动', 'hr_service'], ['劳务派遣服务', 'labour_dispatch'], ['对外劳务合作'], ['劳务服务（不含劳务派遣）'], ['企业管理'], ['企业管理咨询'], ['企业总部管理'],
    ['品牌管理'], ['市场营销策划'], ['会议及展览服务'], ['广告设计、代理'], ['广告制作'], ['广告发布'], ['广告发布（广播电台、电视台、报刊出版单位）', 'advertising_publication'], ['户外广告发布', 'outdoor_advertising'], ['平面设计'],
    ['商务代理代办服务'], ['企业形象策划'], ['咨询策划服务'], ['社会经济咨询服务'], ['市场调查（不含涉外调查）'], ['旅行社服务网点旅游招徕、咨询服务'], ['旅游业务', 'travel_agency'], ['入境旅游业务', 'travel_agency'], ['出境旅游业务', 'travel_agency'],
    ['保安服务', ['security_service', 'security_training']], ['安全系统监控服务'], ['安全咨询服务'], ['单位后勤管理服务'], ['票务代理服务'], ['婚姻介绍服务'], ['商业特许经营', 'franchise_filing'], ['办公设备租赁服务'], ['机械设备租赁'],
    ['建筑工程机械与设备租赁'], ['知识产权服务（专利代理服务除外）'], ['法律咨询（不含依法须律师事务所执业许可的业务）'], ['翻译服务'], ['档案整理服务'], ['停车场管理'], ['园区管理服务'], ['创业空间服务'], ['文艺创作'],
  ],
  M: [
    ['技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广'], ['工程和技术研究和试验发展'], ['自然科学研究和试验发展'], ['医学研究和试验发展'], ['检验检测服务', 'inspection_body'], ['计量技术服务', 'metrology_standard'],
    ['认证服务'], ['质检技术服务'], ['标准化服务'], ['测绘服务', 'surveying'], ['工程管理服务'], ['规划设计管理'], ['专业设计服务'], ['工业设计服务'], ['工业工程设计服务'], ['环保咨询服务'], ['节能管理服务'], ['气象信息服务'],
    ['雷电防护装置检测', 'lightning_design'], ['地质勘查技术服务'], ['海洋服务'], ['科技中介服务'], ['科普宣传服务'], ['生物基材料技术研发'], ['新兴能源技术研发'], ['专利代理'], ['商标代理'], ['版权代理'],
  ],
  N: [
    ['城市生活垃圾经营性服务'], ['餐厨垃圾处理', 'kitchen_waste_filing'], ['危险废物经营', 'hazardous_waste'], ['固体废物治理'], ['水污染治理'], ['大气污染治理'], ['土壤污染治理与修复服务'], ['环境保护监测'], ['生态恢复及生态保护服务'],
    ['城市绿化管理'], ['市政设施管理'], ['城乡市容管理'], ['水利相关咨询服务'], ['水资源管理'], ['取水（自备水源）', 'water_intake'], ['河道采砂', 'river_works'], ['水土保持技术咨询服务'], ['野生动物保护', 'wild_animal_use'], ['游览景区管理'], ['公园管理'],
    ['排放污水（工业废水排入城镇排水管网）', 'sewer_discharge'], ['生活垃圾分类服务'], ['病媒生物防制服务'],
  ],
  O: [
    ['家政服务'], ['居民日常生活服务'], ['养老服务', 'elderly_care_filing'], ['养老服务（机构养老）', 'elderly_care_filing'], ['护理机构服务（不含医疗服务）'], ['托育服务', 'childcare_filing'], ['母婴生活护理（不含医疗服务）'], ['理发服务'],
    ['美容服务', 'public_venue_hygiene'], ['生活美容服务', 'public_venue_hygiene'], ['洗浴服务', 'public_venue_hygiene'], ['足浴服务', 'public_venue_hygiene'], ['洗染服务'], ['摄影扩印服务'], ['婚庆礼仪服务'], ['殡葬服务'],
    ['机动车修理和维护', ['vehicle_repair_filing', 'secondhand_filing']], ['家用电器修理'], ['计算机及办公设备维修'], ['通讯设备修理'], ['自行车修理'], ['日用产品修理'], ['宠物美容'], ['开锁服务'], ['搬家服务'], ['洗车服务'],
    ['旧货销售', 'secondhand_filing'], ['专业保洁、清洗、消毒服务'], ['健康咨询服务（不含诊疗服务）'], ['养生保健服务（非医疗）'], ['休闲观光活动'],
  ],
  P: [
    ['学前教育', 'private_school'], ['初等教育', 'private_school'], ['中等职业学校教育', 'private_school'], ['高等学校教育', 'private_school'], ['职业技能培训', 'private_vocational_training'], ['教育咨询服务（不含涉许可审批的教育培训活动）'],
    ['非学科类校外培训', 'off_campus_training'], ['体育培训（校外培训）', 'off_campus_training'], ['艺术培训（校外培训）', 'off_campus_training'], ['业务培训（不含教育培训、职业技能培训等需取得许可的培训）'], ['远程健康管理服务'], ['教学专用仪器销售'],
  ],
  Q: [
    ['医疗服务', 'medical_institution'], ['诊所服务', 'clinic_filing'], ['放射卫生技术服务', 'radiation_safety'], ['放射诊疗', 'radiation_diagnosis'], ['医疗美容服务', 'medical_institution'], ['中医诊所服务（须在中医主管部门备案后方可从事经营活动）', 'clinic_filing'],
    ['康复辅具适配服务'], ['残疾康复训练服务（非医疗）'], ['心理咨询服务'], ['健康管理（非医疗）'], ['药品零售（医保定点）', ['drug_retail', 'designated_pharmacy']], ['公共卫生服务'],
  ],
  R: [
    ['娱乐性展览'], ['歌舞娱乐场所经营', 'entertainment_venue'], ['游艺娱乐场所经营', 'entertainment_venue'], ['电子游戏游艺厅室', 'entertainment_venue'], ['互联网上网服务', 'internet_cafe'], ['营业性演出', 'performance_group'],
    ['演出经纪', 'performance_broker'], ['演出场所经营', 'performance_venue_filing'], ['电影放映', 'film_screening'], ['电影发行'], ['剧本娱乐经营'], ['组织文化艺术交流活动'], ['文化场馆管理服务'], ['图书馆与档案馆服务'], ['博物馆服务'],
    ['体育竞赛组织'], ['体育赛事策划'], ['健身休闲活动'], ['体育场地设施经营（不含高危险性体育运动）'], ['高危险性体育运动（游泳）', 'high_risk_sports'], ['高危险性体育运动（攀岩）', 'high_risk_sports'], ['高危险性体育运动（潜水）', 'high_risk_sports'],
    ['高危险性体育运动（滑雪）', 'high_risk_sports'], ['游乐园服务', 'special_equipment_use'], ['棋牌室服务'], ['大型活动组织服务', 'large_event'], ['出版物出版'], ['音像制品制作'], ['电子出版物制作'], ['摄影及录像服务'], ['录音制作'], ['会议及展览服务（演唱会）', 'large_event'],
    ['升放无人驾驶自由气球、系留气球', 'balloon_release'], ['公共文化服务'],
  ],
  S: [['社会团体服务'], ['宗教用品零售']],
};

/** Every standard wording of the shipped table, with its class and licences decided from the catalogue's kinds. */
export function scopeEntries(filingCodes: ReadonlySet<string>): ScopeEntry[] {
  const out: ScopeEntry[] = [];
  for (const [section, rows] of Object.entries(SECTIONS)) {
    rows.forEach(([wording, licences], i) => {
      const list = licences === undefined ? [] : typeof licences === 'string' ? [licences] : licences;
      const licensed = list.some((c) => !filingCodes.has(c));
      out.push({ code: `${section}${String(i + 1).padStart(3, '0')}`, wording, section, class: licensed ? 'licensed' : 'general', licences: list });
    });
  }
  return out;
}
