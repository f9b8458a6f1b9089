#!/usr/bin/env node
// Builds src-common/ime/pinyinTable.json, the on-screen keyboard's pinyin → hanzi table, from
// pinyin-pro's dictionary: every GB2312 level-1 and level-2 character with all its readings,
// ordered by commonness, plus common words (pinyin-pro's word dictionaries, common surnames,
// Huangshi place names, and the names and keywords of the sample service catalog).
// Run: node scripts/build-pinyin-table.mjs [OUT.json]   (deterministic; commit the output)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pinyin } from 'pinyin-pro';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'src-common', 'ime', 'pinyinTable.json');
const require = createRequire(import.meta.url);
/** GB2312 is a subset of GBK; Node's ICU decodes it (no extra package needed). */
const GB_DECODER = new TextDecoder('gbk');
const pinyinProDir = path.dirname(path.dirname(require.resolve('pinyin-pro')));

/** Readings that are not a chars's main one are ranked after this many places (的 is mostly `de`). */
const SECONDARY_READING_PENALTY = 3000;
/** Words per first syllable kept in the table (keeps the file small; the rest are rare). */
const MAX_WORDS_PER_FIRST_SYLLABLE = 120;

// The most frequent characters of modern written Chinese, most frequent first (after published
// character-frequency lists of modern Chinese; used only to order candidates).
const FREQUENT = '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠哩函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霞驳裕顽於摘矮秒卿畜咽披辅勾盆疆赌塑畏吵囊嗯泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催璇翅盒蛮矣潘歧赐鲍锅廊拆灌勉盲宰佐啥胀扯禧辽抹筒棋裤唉朴咐孕誓喉妄拘链驰栏逝窃艳臭纤玑棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡後厨鸭颠遮谊圳吁仑辟瘤嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸裸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮哎屁漆淫巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦杭噢弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒咕隙辣绑宠嘿兑霉挫稽辐乞纱裙嘻哇绣杖塘衍轴攀膊譬斌祈踢肆坎轿棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙哗劈怯棠胳桩瑰娱娶沫嗓蹲焚淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜哄颖镑屑蚁壶怡渗秃迦旱哟咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寇睹贿踩霆呜拱妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣寞蜀甩涯枕丐泳奎泌逾叮黛燥掷藉枢憎鲸弘倚侮藩拂鹤蚀浆芙垃烤晒霜剿蕴圾绸屿氢驼妆捆铅逛淑榴丙痒钞蹄犬躬昼藻蛛褐颊奠募耽蹈陋侣魅岚侄虐堕陛莹荫狡阀绞膏垮茎缅喇绒搅凳梭丫姬诏钮棺耿缔懈嫉灶匀嗣鸽澡凿纬沸畴刃遏烁嗅叭熬瞥骸奢拙栋毯桐砂莽泻坪梳杉晤稚蔬蝇捣顷麽尴镖诧尬硫嚼羡沦沪旷彬芽狸冥碳咧惕暑咯萝汹腥窥俺潭崎麟捡拯厥澄萎哉涡滔暇溯鳞酿茵愕瞅暮衙诫斧兮焕棕佑嘶妓喧蓉删樱伺嗡娥梢坝蚕敷澜杏绥冶庇挠搂倏聂婉噪稼鳍菱盏匿吱寝揽髓秉哺矢啪帜邵嗽挟缸揉腻驯缆晌瘫贮觅朦僻隋蔓咋嵌虔畔琐碟涩胧嘟蹦冢浏裔襟叨诀旭虾簿啤擒枣嘎苑牟呕骆凸熄兀喔裳凹赎屯膛浇灼裘砰棘橡碱聋姥瑜毋娅沮萌俏黯撇粟粪尹苟癫蚂禹廖俭帖煎缕窦簇棱叩呐瑶墅莺烫蛙歹伶葱哮眩坤廓讳啼乍瓣矫跋枉梗厕琢讥釉窟敛轼庐胚呻绰扼懿炯竿慷虞锤栓桨蚊磅孽惭戳禀鄂馈垣溅咚钙礁彰豁眯磷雯墟迂瞻颅琉悼蝴拣渺眷悯汰慑婶斐嘘镶炕宦趴绷窘襄珀嚣拚酌浊毓撼嗜扛峭磕翘槽淌栅颓熏瑛颐忖';

// The most common Chinese surnames (百家姓 by population), most common first.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

// Words a kiosk citizen types: Huangshi places, documents and everyday form vocabulary.
const KIOSK_WORDS = `黄石 黄石市 黄石港 黄石港区 西塞山 西塞山区 下陆 下陆区 铁山 铁山区 阳新 阳新县 大冶 大冶市 兴国 兴国镇 还地桥 还地桥镇
磁湖 东方山 团城山 开发区 湖北 湖北省 武汉 鄂州 黄冈 咸宁 胜阳港 花湖 陈家湾 汪仁 金湖 罗家桥 东岳路 保安镇 陈贵镇 灵乡镇 富池镇 龙港镇 白沙镇 浮屠镇
身份证 户口 户口簿 户籍 社保 社保卡 医保 公积金 不动产 营业执照 出生证明 结婚证 离婚证 残疾人证 驾驶证 行驶证 护照 通行证 签注 居住证
姓名 性别 民族 出生 日期 地址 住址 电话 手机 手机号 号码 身份证号 邮编 单位 工作单位 公司 有限公司 个体 个体户 餐饮 饭店 超市 便利店
小区 街道 社区 村委会 居委会 路 街 号 栋 单元 室 楼 组 村 镇 乡 县 区 市 省
办理 申请 申领 登记 注销 变更 过户 缴费 查询 打印 证明 预约 退休 养老金 低保 补贴 救助 入学 学校 小学 初中 医院 妇幼保健院 新生儿 宝宝
父亲 母亲 配偶 子女 儿子 女儿 本人 家庭 收入 银行 银行卡 账号 开户行 中国银行 工商银行 建设银行 农业银行 邮政储蓄 湖北银行 黄石农商行
自来水 用水 用电 燃气 天然气 水费 电费 房产 房产证 二手房 买房 租房 公租房 契税 发票 税务 纳税人 统一社会信用代码 经营范围 经营场所
你好 谢谢 请问 开办 办事 企业 创业 就业 失业 工作 事项 材料 一件事 服务 政务 大厅 自助 窗口 受理 审批 办结 领取 邮寄 快递 证件 照片 拍照 签名 确认 取消 返回 帮助
中国 中华 人民 共和国 汉族 男 女 年 月 日 今天 明天 时间 现在 上午 下午 医疗 保险 养老 生育 工伤 住房 租赁 合同 承诺 材料 原件 复印件 电子 证照
张三 李四 王五 小明 小红 建国 建华 国强 志强 秀英 桂英 秀兰 玉兰 丽华 伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂
有限责任公司 股份有限公司 餐饮服务 食品销售 零售 批发 商贸 科技 贸易 物流 建筑 装修 教育 培训 咨询 文化 传媒 农业 合作社`;

function gb2312Characters() {
  // Level 1: rows 0xB0–0xD7 (3755 chars, by pinyin); level 2: rows 0xD8–0xF7 (3008, by radical).
  const level1 = [];
  const level2 = [];
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) continue; // row 55 ends at 0xD7F9
      const ch = GB_DECODER.decode(Uint8Array.of(hi, lo));
      if (!/^\p{Script=Han}$/u.test(ch)) continue;
      (hi <= 0xd7 ? level1 : level2).push(ch);
    }
  }
  return { level1, level2 };
}

/** Pinyin as the keyboard types it: no tones, ü as v. */
function plain(reading) {
  return reading.replace(/ü/g, 'v').toLowerCase();
}

function readingsOf(ch) {
  const main = plain(pinyin(ch, { toneType: 'none', v: true }));
  const all = pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }).map(plain);
  return { main, all: [...new Set([main, ...all])].filter((r) => /^[a-z]+$/.test(r)) };
}

function wordSyllables(word) {
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true }).map(plain);
  return syllables.length === [...word].length && syllables.every((s) => /^[a-z]+$/.test(s)) ? syllables : undefined;
}

async function loadPinyinProWordLists() {
  const lists = [];
  for (const name of ['dict2', 'dict3', 'dict4', 'dict5', 'surname']) {
    const mod = await import(pathToFileURL(path.join(pinyinProDir, 'dist', 'esm', 'data', `${name}.mjs`)).href);
    lists.push(Object.keys(mod.default));
  }
  return lists;
}

function catalogWords() {
  const file = path.join(root, 'kiosk-config', 'catalog', 'sample-catalog.json');
  if (!fs.existsSync(file)) return [];
  const catalog = JSON.parse(fs.readFileSync(file, 'utf8'));
  const words = [];
  const add = (text) => {
    for (const part of String(text).split(/[()(),、,。·\s]+/)) if (/^\p{Script=Han}{2,12}$/u.test(part)) words.push(part);
  };
  for (const d of catalog.departments) add(d.name.zh);
  for (const r of [catalog.region, ...catalog.regions]) add(r.name.zh.replace(/示例编码/g, ''));
  for (const it of [...catalog.items, ...catalog.bundles]) {
    add(it.name.zh);
    for (const k of it.keywords ?? []) add(k);
  }
  return words;
}

async function build() {
  const { level1, level2 } = gb2312Characters();
  const order = [];
  const seen = new Set();
  const gb = new Set([...level1, ...level2]);
  for (const ch of [...FREQUENT, ...SURNAMES, ...level1, ...level2]) {
    if (gb.has(ch) && !seen.has(ch)) {
      seen.add(ch);
      order.push(ch);
    }
  }
  const rank = new Map(order.map((ch, i) => [ch, i]));
  const bySyllable = new Map();
  for (const ch of order) {
    const { main, all } = readingsOf(ch);
    for (const reading of all) {
      const score = rank.get(ch) + (reading === main ? 0 : SECONDARY_READING_PENALTY);
      if (!bySyllable.has(reading)) bySyllable.set(reading, []);
      bySyllable.get(reading).push([score, ch]);
    }
  }
  const chars = {};
  for (const syllable of [...bySyllable.keys()].sort()) {
    chars[syllable] = bySyllable.get(syllable).sort((a, b) => a[0] - b[0]).map(([, ch]) => ch).join('');
  }

  // Words: kiosk vocabulary and the catalog first (most useful here), then pinyin-pro's lists.
  const wordSources = [KIOSK_WORDS.split(/\s+/).filter(Boolean), catalogWords(), ...(await loadPinyinProWordLists())];
  const words = [];
  const perFirst = new Map();
  const seenWords = new Set();
  for (const list of wordSources) {
    for (const word of list) {
      if ([...word].length < 2 || seenWords.has(word) || ![...word].every((ch) => gb.has(ch))) continue;
      const syllables = wordSyllables(word);
      if (!syllables) continue;
      const count = perFirst.get(syllables[0]) ?? 0;
      if (count >= MAX_WORDS_PER_FIRST_SYLLABLE) continue;
      perFirst.set(syllables[0], count + 1);
      seenWords.add(word);
      words.push(`${syllables.join("'")}=${word}`);
    }
  }
  const table = { version: 1, source: 'pinyin-pro GB2312 level 1+2', order: order.join(''), chars, words };
  const json = `${JSON.stringify(table)}\n`;
  fs.writeFileSync(outFile, json);
  return { bytes: Buffer.byteLength(json), syllables: Object.keys(chars).length, characters: order.length, words: words.length };
}

const summary = await build();
process.stdout.write(`wrote ${path.relative(root, outFile)}: ${JSON.stringify(summary)}\n`);
