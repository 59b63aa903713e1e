//! Deterministic synthetic data for demos, screenshots, tests and benchmarks.
//!
//! [`fill`] adds a school's leadership team, employers with their contacts, a campaign's worth
//! of visits and trips, and what the visits produced: job postings, internship bases, the two
//! surveys, follow-up tasks and notes. Every choice comes from one SplitMix64 stream seeded
//! with `seed`, and ids are UUIDv7s made from timestamps derived from `now` and bytes of that
//! stream, so the same seed, `now` and campaign give the same records, ids included.
//! Everything goes in through the audited record layer in one transaction, so it passes the
//! same validation as typed-in data.
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::model::validate::{credit_code_check_char, name_key};
use crate::model::{
    BaseStatus, Campaign, Contact, DemandSurvey, Education, Employer, EmployerSize, FollowupSurvey, InternshipBase,
    JobPosting, Note, Origin, Outcome, Ownership, Person, PostingStage, RecruitmentMode, Role, Task, TrackedGraduate,
    Trip, Visit, VisitMode, VisitStatus,
};
use crate::store::{Store, Tx, records};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::HashSet;

/// How much data [`fill`] generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// 50 employers, 200 visits: unit tests and quick demos.
    Small,
    /// A busy school's campaign: 2,000 employers, 5,000 visits.
    Campus,
    /// A stress test: 20,000 employers, 100,000 visits, 300,000 notes.
    Large,
}

impl Size {
    pub const ALL: &'static [Size] = &[Size::Small, Size::Campus, Size::Large];

    pub fn as_str(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Campus => "campus",
            Size::Large => "large",
        }
    }

    /// `small`, `campus` or `large`.
    pub fn parse(text: &str) -> Option<Size> {
        Size::ALL.iter().copied().find(|s| s.as_str() == text.trim())
    }

    fn spec(self) -> Spec {
        match self {
            Size::Small => Spec {
                employers: 50,
                visits: 200,
                notes: 600,
                principal_visits: [16, 12],
                newly_developed: 12,
                inside: false,
            },
            // A school's real scale: the secretary and the president about 100–130 visits each,
            // the other 4–6 leaders 25–40, the team 3 or so a working day, all in the campaign.
            Size::Campus => Spec {
                employers: 1_500,
                visits: 400,
                notes: 1_500,
                principal_visits: [128, 120],
                newly_developed: 110,
                inside: true,
            },
            // For stress, not for looking at.
            Size::Large => Spec {
                employers: 20_000,
                visits: 100_000,
                notes: 300_000,
                principal_visits: [170, 140],
                newly_developed: 1_200,
                inside: false,
            },
        }
    }
}

/// The counts behind a [`Size`].
struct Spec {
    employers: usize,
    visits: usize,
    notes: usize,
    /// Visits led by the secretary and by the president (the rest go to the other leaders).
    principal_visits: [usize; 2],
    /// About this many employers are marked newly developed (±10%).
    newly_developed: usize,
    /// Every visit inside the campaign's window (else some fall before and after it).
    inside: bool,
}

/// What [`fill`] created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub size: Size,
    pub seed: u64,
    pub people: usize,
    pub employers: usize,
    pub newly_developed: usize,
    pub key_employers: usize,
    pub contacts: usize,
    pub trips: usize,
    pub visits: usize,
    pub planned_visits: usize,
    pub completed_visits: usize,
    pub cancelled_visits: usize,
    pub job_postings: usize,
    pub internship_bases: usize,
    pub demand_surveys: usize,
    pub followup_surveys: usize,
    pub tasks: usize,
    pub notes: usize,
}

/// Adds a full set of demo data to `store`, as of `now`, in one transaction.
///
/// Visits spread across the store's (first) campaign and a little before and after it, plus a
/// few in the month after `now`; those after `now` are planned, the earlier ones completed, and
/// about one in twenty cancelled. The store's own people and campaign are left as they are.
/// Filling the same store twice with the same seed is refused, since the ids would repeat.
pub fn fill(store: &mut Store, size: Size, seed: u64, now: DateTime<Utc>) -> Result<Summary> {
    let campaign = records::list::<Campaign>(store.conn(), "1", "starts_on", [])?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Invalid("the store has no campaign".into()))?
        .data;
    let tz: Tz =
        campaign.time_zone.parse().map_err(|_| Error::Invalid(format!("unknown time zone {}", campaign.time_zone)))?;
    let school = store.setting("school")?.unwrap_or_default();
    let spec = size.spec();
    let mut g = Gen {
        rng: Rng(seed),
        ids: 0,
        now,
        tz,
        today: now.with_timezone(&tz).date_naive(),
        starts_on: campaign.starts_on,
        ends_on: campaign.ends_on,
    };
    let team = g.team(&school);
    if let Some(first) = team.first()
        && records::find::<Person>(store.conn(), &first.id)?.is_some()
    {
        return Err(Error::Invalid(format!("the store already holds the demo data of seed {seed}")));
    }
    let mut firms = g.firms(spec.employers);
    let (trips, stops) = g.schedule(&spec, &team, &firms);
    g.mark_newly_developed(&mut firms, &stops, spec.newly_developed);
    let mut summary = Summary {
        size,
        seed,
        people: 0,
        employers: 0,
        newly_developed: 0,
        key_employers: 0,
        contacts: 0,
        trips: 0,
        visits: 0,
        planned_visits: 0,
        completed_visits: 0,
        cancelled_visits: 0,
        job_postings: 0,
        internship_bases: 0,
        demand_surveys: 0,
        followup_surveys: 0,
        tasks: 0,
        notes: 0,
    };
    let plan = Plan { time_zone: tz.name(), team, firms, trips, stops, notes: spec.notes };
    store.write(now, |tx| g.insert(tx, &plan, &mut summary))?;
    Ok(summary)
}

// --- randomness ----------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast and well mixed. Not for secrets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `n` must be positive.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, in proportion to its weight.
    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total as usize) as u32;
        for (item, w) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }

    fn id_bytes(&mut self) -> [u8; 10] {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        bytes
    }
}

// --- word lists ----------------------------------------------------------------------------

/// Common surnames with their pinyin (for e-mail addresses).
#[rustfmt::skip]
const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
    ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
    ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"),
    ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"), ("潘", "pan"), ("于", "yu"), ("蒋", "jiang"), ("蔡", "cai"),
    ("余", "yu"), ("杜", "du"), ("叶", "ye"), ("程", "cheng"), ("苏", "su"), ("魏", "wei"), ("吕", "lv"), ("丁", "ding"),
    ("任", "ren"), ("沈", "shen"), ("姚", "yao"), ("卢", "lu"), ("姜", "jiang"), ("崔", "cui"), ("钟", "zhong"), ("谭", "tan"),
    ("陆", "lu"), ("汪", "wang"), ("范", "fan"), ("金", "jin"), ("石", "shi"), ("廖", "liao"), ("贾", "jia"), ("夏", "xia"),
    ("方", "fang"), ("邹", "zou"), ("孟", "meng"), ("熊", "xiong"), ("秦", "qin"), ("顾", "gu"),
];

/// Characters of given names with their pinyin.
#[rustfmt::skip]
const GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"),
    ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("建", "jian"), ("华", "hua"), ("文", "wen"),
    ("玲", "ling"), ("辉", "hui"), ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"), ("欣", "xin"), ("婷", "ting"), ("佳", "jia"),
    ("晨", "chen"), ("雪", "xue"), ("琳", "lin"), ("思", "si"), ("子", "zi"), ("轩", "xuan"), ("一", "yi"), ("博", "bo"),
    ("晓", "xiao"), ("志", "zhi"), ("国", "guo"), ("海", "hai"), ("红", "hong"), ("丹", "dan"), ("亮", "liang"), ("飞", "fei"),
    ("斌", "bin"), ("瑞", "rui"), ("凯", "kai"), ("俊", "jun"), ("峰", "feng"), ("慧", "hui"), ("颖", "ying"), ("倩", "qian"),
    ("然", "ran"), ("阳", "yang"), ("嘉", "jia"), ("怡", "yi"), ("雨", "yu"), ("泽", "ze"), ("彤", "tong"), ("睿", "rui"),
    ("昊", "hao"), ("帆", "fan"), ("楠", "nan"), ("璐", "lu"), ("鑫", "xin"), ("琪", "qi"), ("航", "hang"), ("悦", "yue"),
    ("晴", "qing"), ("蕾", "lei"), ("春", "chun"), ("永", "yong"), ("德", "de"), ("庆", "qing"), ("荣", "rong"),
];

/// First and second characters of a company's trade name (字号), with pinyin for its domain.
#[rustfmt::skip]
const BRAND_HEADS: &[(&str, &str)] = &[
    ("华", "hua"), ("恒", "heng"), ("瑞", "rui"), ("博", "bo"), ("天", "tian"), ("鼎", "ding"), ("中", "zhong"), ("海", "hai"),
    ("德", "de"), ("嘉", "jia"), ("启", "qi"), ("安", "an"), ("宏", "hong"), ("金", "jin"), ("汇", "hui"), ("卓", "zhuo"),
    ("远", "yuan"), ("新", "xin"), ("明", "ming"), ("和", "he"), ("万", "wan"), ("永", "yong"), ("润", "run"), ("立", "li"),
    ("锦", "jin"), ("泰", "tai"), ("盛", "sheng"), ("腾", "teng"), ("凯", "kai"), ("信", "xin"), ("诚", "cheng"), ("众", "zhong"),
    ("长", "chang"), ("乐", "le"), ("福", "fu"), ("骏", "jun"), ("聚", "ju"), ("宇", "yu"), ("睿", "rui"), ("智", "zhi"),
];

#[rustfmt::skip]
const BRAND_TAILS: &[(&str, &str)] = &[
    ("创", "chuang"), ("信", "xin"), ("达", "da"), ("远", "yuan"), ("成", "cheng"), ("盛", "sheng"), ("科", "ke"), ("纳", "na"),
    ("仁", "ren"), ("禾", "he"), ("明", "ming"), ("泰", "tai"), ("图", "tu"), ("诚", "cheng"), ("智", "zhi"), ("越", "yue"),
    ("航", "hang"), ("锐", "rui"), ("通", "tong"), ("安", "an"), ("丰", "feng"), ("程", "cheng"), ("联", "lian"), ("辰", "chen"),
    ("帆", "fan"), ("源", "yuan"), ("力", "li"), ("康", "kang"), ("邦", "bang"), ("峰", "feng"), ("拓", "tuo"), ("星", "xing"),
    ("晟", "sheng"), ("驰", "chi"), ("茂", "mao"), ("洋", "yang"), ("川", "chuan"), ("迅", "xun"), ("维", "wei"), ("佳", "jia"),
];

const COMPANY_SUFFIXES: &[(&str, u32)] =
    &[("有限公司", 55), ("股份有限公司", 18), ("有限责任公司", 17), ("集团有限公司", 5)];

/// A district, its administrative division code (the credit code's registration authority
/// area) and an industrial park in it, if any.
struct District {
    name: &'static str,
    code: &'static str,
    park: &'static str,
}

struct City {
    province: &'static str,
    name: &'static str,
    /// The short form used in company names: 苏州 for 苏州市.
    prefix: &'static str,
    /// The province's short form, used by some companies instead: 江苏.
    province_prefix: &'static str,
    pinyin: &'static str,
    /// Initials for company domains.
    abbr: &'static str,
    /// Telephone area code.
    area: &'static str,
    districts: &'static [District],
}

const fn d(name: &'static str, code: &'static str, park: &'static str) -> District {
    District { name, code, park }
}

#[rustfmt::skip]
const CITIES: &[City] = &[
    City { province: "", name: "北京市", prefix: "北京", province_prefix: "北京",
        pinyin: "beijing", abbr: "bj", area: "010", districts: &[
            d("海淀区", "110108", "中关村软件园"),
            d("朝阳区", "110105", ""),
            d("昌平区", "110114", "未来科学城"),
            d("大兴区", "110115", "北京经济技术开发区"),
        ] },
    City { province: "", name: "上海市", prefix: "上海", province_prefix: "上海",
        pinyin: "shanghai", abbr: "sh", area: "021", districts: &[
            d("浦东新区", "310115", "张江高科技园区"),
            d("闵行区", "310112", "紫竹高新技术产业开发区"),
            d("嘉定区", "310114", "嘉定工业区"),
            d("徐汇区", "310104", ""),
        ] },
    City { province: "", name: "天津市", prefix: "天津", province_prefix: "天津",
        pinyin: "tianjin", abbr: "tj", area: "022", districts: &[
            d("滨海新区", "120116", "天津经济技术开发区"),
            d("西青区", "120111", ""),
        ] },
    City { province: "", name: "重庆市", prefix: "重庆", province_prefix: "重庆",
        pinyin: "chongqing", abbr: "cq", area: "023", districts: &[
            d("渝北区", "500112", "两江新区"),
            d("九龙坡区", "500107", "重庆高新技术产业开发区"),
            d("沙坪坝区", "500106", ""),
        ] },
    City { province: "广东省", name: "广州市", prefix: "广州", province_prefix: "广东",
        pinyin: "guangzhou", abbr: "gz", area: "020", districts: &[
            d("天河区", "440106", "天河软件园"),
            d("黄埔区", "440112", "广州经济技术开发区"),
            d("番禺区", "440113", ""),
        ] },
    City { province: "广东省", name: "深圳市", prefix: "深圳", province_prefix: "广东",
        pinyin: "shenzhen", abbr: "sz", area: "0755", districts: &[
            d("南山区", "440305", "深圳湾科技生态园"),
            d("福田区", "440304", ""),
            d("宝安区", "440306", ""),
            d("龙岗区", "440307", ""),
        ] },
    City { province: "广东省", name: "佛山市", prefix: "佛山", province_prefix: "广东",
        pinyin: "foshan", abbr: "fs", area: "0757", districts: &[
            d("顺德区", "440606", "顺德高新区"),
            d("南海区", "440605", ""),
        ] },
    City { province: "江苏省", name: "南京市", prefix: "南京", province_prefix: "江苏",
        pinyin: "nanjing", abbr: "nj", area: "025", districts: &[
            d("江宁区", "320115", "江宁经济技术开发区"),
            d("鼓楼区", "320106", ""),
            d("浦口区", "320111", "南京高新技术产业开发区"),
        ] },
    City { province: "江苏省", name: "苏州市", prefix: "苏州", province_prefix: "江苏",
        pinyin: "suzhou", abbr: "sz", area: "0512", districts: &[
            d("吴中区", "320506", "吴中经济技术开发区"),
            d("相城区", "320507", ""),
            d("虎丘区", "320505", "苏州高新区"),
            d("姑苏区", "320508", ""),
        ] },
    City { province: "江苏省", name: "无锡市", prefix: "无锡", province_prefix: "江苏",
        pinyin: "wuxi", abbr: "wx", area: "0510", districts: &[
            d("新吴区", "320214", "无锡高新技术产业开发区"),
            d("滨湖区", "320211", ""),
        ] },
    City { province: "浙江省", name: "杭州市", prefix: "杭州", province_prefix: "浙江",
        pinyin: "hangzhou", abbr: "hz", area: "0571", districts: &[
            d("西湖区", "330106", ""),
            d("滨江区", "330108", "杭州高新技术产业开发区"),
            d("余杭区", "330110", "未来科技城"),
            d("萧山区", "330109", "萧山经济技术开发区"),
        ] },
    City { province: "浙江省", name: "宁波市", prefix: "宁波", province_prefix: "浙江",
        pinyin: "ningbo", abbr: "nb", area: "0574", districts: &[
            d("鄞州区", "330212", ""),
            d("北仑区", "330206", "宁波经济技术开发区"),
        ] },
    City { province: "山东省", name: "济南市", prefix: "济南", province_prefix: "山东",
        pinyin: "jinan", abbr: "jn", area: "0531", districts: &[
            d("历下区", "370102", ""),
            d("历城区", "370112", "济南高新技术产业开发区"),
        ] },
    City { province: "山东省", name: "青岛市", prefix: "青岛", province_prefix: "山东",
        pinyin: "qingdao", abbr: "qd", area: "0532", districts: &[
            d("黄岛区", "370211", "青岛西海岸新区"),
            d("城阳区", "370214", "青岛高新技术产业开发区"),
            d("崂山区", "370212", ""),
        ] },
    City { province: "湖北省", name: "武汉市", prefix: "武汉", province_prefix: "湖北",
        pinyin: "wuhan", abbr: "wh", area: "027", districts: &[
            d("洪山区", "420111", ""),
            d("江夏区", "420115", "东湖新技术开发区"),
            d("东西湖区", "420112", "临空港经济技术开发区"),
        ] },
    City { province: "湖南省", name: "长沙市", prefix: "长沙", province_prefix: "湖南",
        pinyin: "changsha", abbr: "cs", area: "0731", districts: &[
            d("岳麓区", "430104", "长沙高新技术产业开发区"),
            d("雨花区", "430111", ""),
        ] },
    City { province: "四川省", name: "成都市", prefix: "成都", province_prefix: "四川",
        pinyin: "chengdu", abbr: "cd", area: "028", districts: &[
            d("武侯区", "510107", ""),
            d("双流区", "510116", "天府国际生物城"),
            d("郫都区", "510117", ""),
        ] },
    City { province: "陕西省", name: "西安市", prefix: "西安", province_prefix: "陕西",
        pinyin: "xian", abbr: "xa", area: "029", districts: &[
            d("雁塔区", "610113", "西安高新技术产业开发区"),
            d("未央区", "610112", "西安经济技术开发区"),
            d("长安区", "610116", ""),
        ] },
    City { province: "河南省", name: "郑州市", prefix: "郑州", province_prefix: "河南",
        pinyin: "zhengzhou", abbr: "zz", area: "0371", districts: &[
            d("金水区", "410105", ""),
            d("中原区", "410102", ""),
            d("管城回族区", "410104", "郑州经济技术开发区"),
        ] },
    City { province: "安徽省", name: "合肥市", prefix: "合肥", province_prefix: "安徽",
        pinyin: "hefei", abbr: "hf", area: "0551", districts: &[
            d("蜀山区", "340104", "合肥高新技术产业开发区"),
            d("包河区", "340111", ""),
        ] },
    City { province: "福建省", name: "厦门市", prefix: "厦门", province_prefix: "福建",
        pinyin: "xiamen", abbr: "xm", area: "0592", districts: &[
            d("思明区", "350203", "厦门软件园"),
            d("湖里区", "350206", "火炬高新区"),
            d("集美区", "350211", ""),
        ] },
    City { province: "辽宁省", name: "沈阳市", prefix: "沈阳", province_prefix: "辽宁",
        pinyin: "shenyang", abbr: "sy", area: "024", districts: &[
            d("浑南区", "210112", "沈阳高新技术产业开发区"),
            d("和平区", "210102", ""),
        ] },
    City { province: "江西省", name: "南昌市", prefix: "南昌", province_prefix: "江西",
        pinyin: "nanchang", abbr: "nc", area: "0791", districts: &[
            d("青山湖区", "360111", "南昌高新技术产业开发区"),
            d("红谷滩区", "360113", ""),
        ] },
];

const ROADS: &[&str] = &[
    "科技路",
    "创新大道",
    "学府路",
    "人民路",
    "建设路",
    "长江路",
    "黄河路",
    "中山路",
    "解放路",
    "发展大道",
    "工业大道",
    "新华路",
    "湖滨路",
    "金桥路",
    "光明路",
    "振兴路",
    "文化路",
    "高新大道",
    "星湖街",
    "东方大道",
    "滨江大道",
    "产业园路",
];

/// An industry (GB/T 4754 section), with words for company names, the jobs it offers and the
/// majors it asks for.
struct Industry {
    name: &'static str,
    words: &'static [&'static str],
    jobs: &'static [&'static str],
    majors: &'static [&'static str],
}

const MANUFACTURING: Industry = Industry {
    name: "制造业",
    words: &[
        "精密机械",
        "智能装备",
        "汽车零部件",
        "电子科技",
        "新材料科技",
        "电气",
        "机电设备",
        "模具",
        "新能源科技",
        "光电科技",
        "食品",
        "医疗器械",
        "环保设备",
    ],
    jobs: &[
        "机械设计工程师",
        "工艺技术员",
        "质量工程师",
        "生产管理储备干部",
        "电气工程师",
        "设备维修技术员",
        "数控操作员",
        "研发助理工程师",
    ],
    majors: &[
        "机械设计制造及其自动化",
        "机电一体化技术",
        "电气自动化技术",
        "数控技术",
        "工业机器人技术",
        "模具设计与制造",
        "材料成型及控制工程",
    ],
};

const SOFTWARE: Industry = Industry {
    name: "信息传输、软件和信息技术服务业",
    words: &["软件", "信息技术", "网络科技", "数据科技", "智能科技", "云计算科技", "数字科技"],
    jobs: &[
        "Java开发工程师",
        "前端开发工程师",
        "软件测试工程师",
        "运维工程师",
        "实施工程师",
        "数据分析专员",
        "技术支持工程师",
        "UI设计师",
    ],
    majors: &[
        "计算机科学与技术",
        "软件工程",
        "软件技术",
        "计算机网络技术",
        "大数据技术",
        "云计算技术应用",
        "数字媒体技术",
        "信息安全技术应用",
    ],
};

const FINANCE: Industry = Industry {
    name: "金融业",
    words: &["融资租赁", "保险代理", "金融信息服务", "资产管理", "金融服务外包"],
    jobs: &["客户经理", "综合柜员", "风险管理专员", "理财顾问", "保险规划师", "金融数据分析专员"],
    majors: &["金融学", "会计学", "金融科技应用", "大数据与会计", "保险实务", "财务管理"],
};

const CONSTRUCTION: Industry = Industry {
    name: "建筑业",
    words: &["建设工程", "建筑设计", "路桥工程", "装饰工程", "市政工程", "安装工程", "钢结构工程"],
    jobs: &["施工员", "造价员", "资料员", "测量员", "安全员", "BIM工程师", "建筑设计助理"],
    majors: &["土木工程", "建筑工程技术", "工程造价", "建设工程管理", "建筑装饰工程技术", "道路与桥梁工程技术"],
};

const TRADE: Industry = Industry {
    name: "批发和零售业",
    words: &["商贸", "供应链管理", "医药连锁", "电子商务", "百货", "进出口贸易"],
    jobs: &["门店储备店长", "采购专员", "电商运营专员", "销售代表", "客户服务专员", "外贸跟单员"],
    majors: &["电子商务", "市场营销", "国际经济与贸易", "连锁经营与管理", "现代物流管理", "商务英语"],
};

const LOGISTICS: Industry = Industry {
    name: "交通运输、仓储和邮政业",
    words: &["物流", "运输", "仓储", "快递", "冷链物流", "国际货运代理", "航运"],
    jobs: &["物流调度员", "仓储主管", "报关员", "运输规划专员", "单证员", "配送主管"],
    majors: &["现代物流管理", "物流工程技术", "关务与外贸服务", "城市轨道交通运营管理", "国际经济与贸易"],
};

const EDUCATION: Industry = Industry {
    name: "教育",
    words: &["教育科技", "教育咨询", "职业技能培训"],
    jobs: &["课程顾问", "学科教师", "教务专员", "幼儿教师", "教研助理"],
    majors: &["学前教育", "小学教育", "汉语言文学", "英语", "教育技术学", "心理学"],
};

const HEALTH: Industry = Industry {
    name: "卫生和社会工作",
    words: &["健康管理", "养老服务", "康复医疗", "医院管理", "护理服务"],
    jobs: &["护士", "康复治疗师", "药剂员", "养老护理员", "健康管理师", "医学检验技师"],
    majors: &["护理", "康复治疗技术", "药学", "医学检验技术", "智慧健康养老服务与管理", "中医康复技术"],
};

const BUSINESS: Industry = Industry {
    name: "租赁和商务服务业",
    words: &["人力资源服务", "企业管理咨询", "会展服务", "广告", "商务咨询", "物业服务"],
    jobs: &["招聘专员", "行政专员", "会展策划专员", "市场推广专员", "项目助理", "物业管理员"],
    majors: &["人力资源管理", "工商企业管理", "会展策划与管理", "市场营销", "广告艺术设计", "现代物业管理"],
};

const RESEARCH: Industry = Industry {
    name: "科学研究和技术服务业",
    words: &["检测技术", "技术服务", "环境科技", "生物科技", "测绘", "工程咨询"],
    jobs: &["检测员", "实验员", "技术服务工程师", "测绘员", "环境监测员", "研发助理"],
    majors: &["环境工程技术", "分析检验技术", "生物技术", "工程测量技术", "食品检验检测技术"],
};

const HOSPITALITY: Industry = Industry {
    name: "住宿和餐饮业",
    words: &["酒店管理", "餐饮管理", "酒店", "连锁餐饮"],
    jobs: &["前厅接待", "餐饮主管储备生", "酒店管培生", "西点师", "宾客关系专员"],
    majors: &["酒店管理与数字化运营", "烹饪工艺与营养", "旅游管理", "西式烹饪工艺"],
};

const CULTURE: Industry = Industry {
    name: "文化、体育和娱乐业",
    words: &["文化传媒", "影视", "数字出版", "文化创意", "体育发展"],
    jobs: &["新媒体运营", "视频剪辑师", "平面设计师", "文案策划", "活动执行"],
    majors: &["广告艺术设计", "数字媒体艺术设计", "视觉传达设计", "新闻采编与制作", "网络新闻与传播"],
};

const ENERGY: Industry = Industry {
    name: "电力、热力、燃气及水生产和供应业",
    words: &["新能源", "燃气", "电力工程", "水务", "热力"],
    jobs: &["电力运维员", "光伏运维工程师", "燃气管网技术员", "水质检测员", "变电站值班员"],
    majors: &["发电厂及电力系统", "供用电技术", "光伏工程技术", "给排水工程技术", "电气自动化技术"],
};

/// Industries, weighted roughly as the graduates of a vocational college find work.
const INDUSTRIES: &[(&Industry, u32)] = &[
    (&MANUFACTURING, 26),
    (&SOFTWARE, 14),
    (&TRADE, 10),
    (&CONSTRUCTION, 9),
    (&LOGISTICS, 7),
    (&HEALTH, 6),
    (&BUSINESS, 6),
    (&FINANCE, 5),
    (&EDUCATION, 5),
    (&RESEARCH, 5),
    (&HOSPITALITY, 3),
    (&CULTURE, 2),
    (&ENERGY, 2),
];

/// Employers that are not companies: public institutions (事业单位) and associations.
/// `{n}` becomes an ordinal (第二人民医院); `pinyin` names their mail domain.
struct Institution {
    name: &'static str,
    pinyin: &'static str,
    ownership: Ownership,
    industry: &'static Industry,
}

#[rustfmt::skip]
const INSTITUTIONS: &[Institution] = &[
    Institution { name: "第{n}人民医院", pinyin: "rmyy", ownership: Ownership::PublicInstitution, industry: &HEALTH },
    Institution { name: "中医医院", pinyin: "zyyy", ownership: Ownership::PublicInstitution, industry: &HEALTH },
    Institution { name: "妇幼保健院", pinyin: "fybjy", ownership: Ownership::PublicInstitution, industry: &HEALTH },
    Institution { name: "疾病预防控制中心", pinyin: "cdc", ownership: Ownership::PublicInstitution, industry: &HEALTH },
    Institution { name: "产品质量监督检验所", pinyin: "zjs", ownership: Ownership::PublicInstitution, industry: &RESEARCH },
    Institution { name: "建设工程质量检测中心", pinyin: "jsjc", ownership: Ownership::PublicInstitution, industry: &RESEARCH },
    Institution { name: "城市规划设计研究院", pinyin: "ghy", ownership: Ownership::PublicInstitution, industry: &RESEARCH },
    Institution { name: "第{n}中学", pinyin: "zx", ownership: Ownership::PublicInstitution, industry: &EDUCATION },
    Institution { name: "实验幼儿园", pinyin: "syyey", ownership: Ownership::PublicInstitution, industry: &EDUCATION },
    Institution { name: "融媒体中心", pinyin: "rmt", ownership: Ownership::PublicInstitution, industry: &CULTURE },
    Institution { name: "软件行业协会", pinyin: "sia", ownership: Ownership::SocialOrganisation, industry: &SOFTWARE },
    Institution { name: "物流与采购协会", pinyin: "wlxh", ownership: Ownership::SocialOrganisation, industry: &LOGISTICS },
    Institution { name: "机械工业协会", pinyin: "jxxh", ownership: Ownership::SocialOrganisation, industry: &MANUFACTURING },
];

const ORDINALS: &[&str] = &["一", "二", "三", "四", "五", "六"];

const COMPANY_OWNERSHIP: &[(Ownership, u32)] = &[
    (Ownership::Private, 66),
    (Ownership::StateOwned, 16),
    (Ownership::JointVenture, 7),
    (Ownership::Foreign, 6),
    (Ownership::Other, 1),
];

/// More small and medium enterprises, as the notices ask.
const SIZES: &[(EmployerSize, u32)] = &[
    (EmployerSize::Large, 10),
    (EmployerSize::Medium, 25),
    (EmployerSize::Small, 40),
    (EmployerSize::Micro, 20),
    (EmployerSize::Unknown, 5),
];

/// The 31 characters a credit code is written in.
const CODE_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

const KEY_NOTES: &[&str] = &[
    "重点单位，已建立日常联系互访机制。",
    "近三年每年来校招聘，录用人数稳定。",
    "校友企业，多名毕业生已成为技术骨干。",
    "本地龙头企业，纳入重点单位数据库。",
];

const OTHER_NOTES: &[&str] =
    &["通过校友推荐对接。", "由二级学院推荐。", "在春季双选会上结识。", "人社部门推荐的重点招聘企业。"];

const HR_TITLES: &[&str] = &["人力资源部经理", "HRBP", "招聘主管", "人力资源总监", "行政人事专员"];

const CONTACT_TITLES: &[&str] =
    &["招聘专员", "总经理助理", "技术总监", "副总经理", "培训主管", "生产部经理", "研发中心主任"];

const INSTITUTION_TITLES: &[&str] = &["人事科科长", "办公室主任", "人事处干事", "党政办副主任"];

const MAIL_BOXES: &[&str] = &["hr", "zhaopin", "campus", "jobs"];

// --- the school ----------------------------------------------------------------------------

const STAFF_TITLES: &[&str] = &[
    "招生就业处处长、就业指导中心主任",
    "就业指导中心副主任",
    "就业指导中心科员",
    "党政办公室副主任",
    "校友工作办公室主任",
];

const DEPARTMENTS: &[&str] =
    &["机电工程学院", "信息工程学院", "经济管理学院", "建筑工程学院", "医药卫生学院", "艺术设计学院"];

const TEACHER_POSTS: &[&str] = &["辅导员", "党总支书记", "专业带头人", "专任教师", "就业专干"];

const SCHOOL_MAIL: &str = "demo.edu.cn";

// --- visits --------------------------------------------------------------------------------

const OBJECTIVES: &[&str] = &[
    "了解企业今年用人需求和岗位计划",
    "推介我校{major}等专业毕业生",
    "洽谈共建就业实习实践基地",
    "邀请企业进校参加校园双选会",
    "回访在企工作的往届毕业生",
    "开展社会需求调查",
    "商谈订单班和现代学徒制合作",
    "了解行业发展趋势和人才需求变化",
    "听取企业对人才培养方案的意见",
];

/// How a summary starts, after the lead's name, by visit mode.
const OPENINGS_ON_SITE: &[&str] = &[
    "一行与企业负责人及人力资源部座谈",
    "一行参观了企业生产车间和研发中心",
    "一行与企业高管就校企合作深入交流",
    "一行听取了企业发展情况介绍",
    "一行实地察看了实习岗位和员工生活区",
];

const OPENINGS_HOSTED: &[&str] = &[
    "在校接待企业负责人一行，陪同参观了实训中心",
    "与来校的企业人力资源部负责人座谈",
    "主持召开校企合作座谈会，企业高管来校交流",
];

const OPENINGS_ONLINE: &[&str] = &["通过视频会议与企业人力资源部交流", "与企业负责人线上座谈"];

const SUMMARY_FINDINGS: &[&str] = &[
    "企业今年计划招聘应届毕业生{n}人左右",
    "企业对我校毕业生的专业能力评价较高",
    "企业反映部分毕业生职业规划不够清晰",
    "企业数字化转型带来新的岗位需求",
    "企业希望学校加强学生实践动手能力培养",
    "近三年企业共录用我校毕业生{n}人",
    "企业急需{major}专业毕业生",
];

const SUMMARY_AGREEMENTS: &[&str] = &[
    "双方同意建立常态化联系机制",
    "企业同意来校举办专场招聘会",
    "双方初步商定共建就业实习实践基地",
    "企业将提供{n}个实习岗位",
    "约定下月由就业指导中心跟进落实",
    "双方将在订单培养方面进一步探讨",
];

const EXEMPLARY: &[&str] = &[
    "校企共建“{short}订单班”，首批录用毕业生{n}人，作为访企拓岗典型案例上报。",
    "书记校长带队走访后，企业连续两年扩大招聘规模，新增岗位{n}个，入选典型案例。",
    "依托校友牵线，企业与学校共建产业学院，形成“访企—拓岗—育人”闭环。",
];

const CANCEL_REASONS: &[&str] = &[
    "企业临时有重要接待，改期另行安排",
    "校领导临时参加上级会议",
    "受疫情防控要求影响，改为线上沟通",
    "企业负责人出差，双方商定延期",
    "天气原因交通中断",
    "行程冲突，另行安排",
];

const GUESTS: &[&str] =
    &["校友办工作人员", "招生就业处相关同志", "二级学院负责人", "辅导员代表", "优秀校友代表", "地方人社局工作人员"];

const TRIP_NOTES: &[&str] = &[
    "乘高铁往返，当地校友会协助联系企业。",
    "自驾前往，就业指导中心提前对接各单位。",
    "与当地人社部门座谈后分组走访。",
    "结合校友返校活动安排行程。",
];

const TRAVEL_NOTES: &[&str] =
    &["从上一家单位驱车约{n}分钟", "午餐后前往，车程约{n}分钟", "乘地铁约{n}分钟", "同一园区内步行前往"];

const VISIT_MODES: &[(VisitMode, u32)] = &[(VisitMode::OnSite, 72), (VisitMode::Hosted, 16), (VisitMode::Online, 12)];

const RECRUITMENT_MODES: &[(RecruitmentMode, u32)] =
    &[(RecruitmentMode::Offline, 50), (RecruitmentMode::Online, 20), (RecruitmentMode::Both, 30)];

// --- what visits produce -------------------------------------------------------------------

const EDUCATIONS: &[(Education, u32)] =
    &[(Education::Vocational, 40), (Education::Bachelor, 42), (Education::Master, 5), (Education::Any, 13)];

const HEADCOUNTS: &[(u32, u32)] = &[(1, 20), (2, 25), (3, 15), (5, 15), (8, 10), (10, 8), (20, 5), (30, 2)];

const BASE_STATUSES: &[(BaseStatus, u32)] =
    &[(BaseStatus::Intended, 30), (BaseStatus::Signed, 50), (BaseStatus::Unveiled, 20)];

const KNOWLEDGE: &[&str] = &[
    "扎实的{major}专业基础知识，熟悉行业标准和规范",
    "掌握常用办公软件和数据分析工具",
    "了解企业生产管理和质量管理基本知识",
    "具备一定的专业外语阅读能力",
    "熟悉安全生产和环境保护相关法规",
];

const ABILITY: &[&str] = &[
    "较强的实践动手能力和解决现场问题的能力",
    "良好的沟通表达和团队协作能力",
    "快速学习新技术、新工艺的能力",
    "一定的数字化工具应用能力",
    "独立完成岗位任务的执行能力",
];

const QUALITIES: &[&str] = &[
    "吃苦耐劳，踏实肯干",
    "职业道德和责任心强",
    "遵守纪律，有集体荣誉感",
    "心理素质好，抗压能力强",
    "有长期在企业发展的意愿",
];

const TRENDS: &[&str] = &[
    "行业向智能化、数字化方向转型，对复合型技术技能人才需求增加",
    "受市场环境影响，企业招聘趋于谨慎，更看重岗位匹配度",
    "新能源和高端装备领域扩张较快，技术岗位缺口较大",
    "服务业线上化趋势明显，对新媒体运营人才需求上升",
    "绿色低碳发展带来新的岗位需求",
];

const ABILITIES: &[&str] = &[
    "沟通表达能力",
    "团队协作",
    "实践动手能力",
    "学习能力",
    "抗压能力",
    "创新能力",
    "数据分析能力",
    "外语能力",
    "职业规划意识",
];

const SHORTCOMINGS: &[&str] = &[
    "部分课程内容与企业实际应用脱节",
    "学生对行业认知不足，实习前准备不够",
    "就业指导与企业招聘节奏衔接不够紧密",
    "实训设备更新较慢",
    "毕业生职业稳定性有待提高",
];

const SUGGESTIONS: &[&str] = &[
    "建议增设{major}方向的实训课程",
    "建议推行订单式培养和现代学徒制",
    "建议邀请企业技术骨干参与课程建设",
    "建议提前一学期开展岗位实习",
    "建议加强职业素养和安全生产教育",
];

const WORK_AND_LIFE: &[&str] = &[
    "毕业生工作稳定，多数已成为技术骨干",
    "企业提供员工宿舍，生活条件较好",
    "部分毕业生已走上基层管理岗位",
    "毕业生收入在当地同行业中处于中上水平",
    "个别毕业生反映加班较多，适应期压力较大",
];

const GRADUATE_SUGGESTIONS: &[&str] = &[
    "建议学校增加企业真实项目教学",
    "希望母校提供继续教育和学历提升渠道",
    "建议加强专业英语和软件工具训练",
    "建议在校期间多开展职业规划指导",
];

const FEEDBACK: &[&str] = &[
    "毕业生思想品德好，服从安排",
    "职业素养较好，但沟通主动性有待提高",
    "专业基础扎实，上手较快",
    "希望学校继续推荐优秀毕业生",
    "个别毕业生稳定性不足，希望加强就业观教育",
];

/// Employer satisfaction, skewed to 4 and 5.
const SATISFACTION: &[(u8, u32)] = &[(1, 1), (2, 3), (3, 12), (4, 40), (5, 44)];

const TASKS_AFTER: &[&str] = &[
    "向{short}发送毕业生推荐名单",
    "确认{short}进校招聘日期",
    "寄送实习基地合作协议给{short}",
    "整理{short}岗位信息并在就业网发布",
    "回访{short}了解招聘进展",
    "邀请{short}参加校园双选会",
];

const TASKS_BEFORE: &[&str] = &["准备{short}出访简报", "联系{short}确认走访议程", "收集{short}近三年录用毕业生名单"];

const NOTE_OPENINGS: &[&str] = &[
    "与企业人力资源部电话沟通",
    "企业来电",
    "走访后回访",
    "收到企业邮件",
    "校友反馈",
    "与企业负责人微信沟通",
    "就业指导中心跟进",
    "二级学院对接",
];

const NOTE_TOPICS: &[&str] = &[
    "确认秋季校园招聘宣讲会时间",
    "企业计划新增{n}个技术岗位",
    "对实习生表现评价较好",
    "希望学校推荐{major}专业学生",
    "实习基地协议文本正在法务审核",
    "询问毕业生档案转接流程",
    "企业下半年将启动新生产线，用工需求增加",
    "反馈近两届毕业生稳定性较好",
    "希望加强学生办公软件技能培训",
    "邀请学校参加企业开放日",
];

const NOTE_CLOSINGS: &[&str] =
    &["下周再联系确认。", "已转相关学院。", "已录入需求台账。", "待校领导审定。", "需准备学生推荐名单。", ""];

// --- the plan ------------------------------------------------------------------------------

struct Member {
    id: Id,
    person: Person,
    /// How the member is addressed: 王书记, 李副校长.
    call: String,
}

struct Firm {
    id: Id,
    employer: Employer,
    /// The trade name without region and legal form: 华创精密机械.
    short: String,
    base_name: String,
    domain: String,
    institution: bool,
    /// Index into [`CITIES`].
    city: usize,
    district: &'static District,
    industry: &'static Industry,
}

struct TripPlan {
    id: Id,
    lead: usize,
    title: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

/// One planned visit.
struct Stop {
    id: Id,
    firm: usize,
    lead: usize,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    mode: VisitMode,
    status: VisitStatus,
    /// The trip and the position in it.
    trip: Option<(usize, u32)>,
}

struct Plan {
    time_zone: &'static str,
    team: Vec<Member>,
    firms: Vec<Firm>,
    trips: Vec<TripPlan>,
    stops: Vec<Stop>,
    notes: usize,
}

/// An employer's name and what goes with it.
struct Named {
    name: String,
    short: String,
    domain: String,
    industry: &'static Industry,
    ownership: Ownership,
}

struct Name {
    full: String,
    surname: &'static str,
    surname_py: &'static str,
    given_py: String,
}

/// The generator: the random stream and the moments everything is placed around.
struct Gen {
    rng: Rng,
    /// Ids handed out so far.
    ids: i64,
    now: DateTime<Utc>,
    tz: Tz,
    today: NaiveDate,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// Moves a weekend day to the nearest weekday.
fn weekday(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - days(1),
        Weekday::Sun => date + days(1),
        _ => date,
    }
}

impl Gen {
    /// The next id. Ids are a millisecond apart from a day before `now` on, so each table's
    /// ids ascend in the order its records are written and its indexes grow at the end
    /// (random ids made the large size half again slower).
    fn id(&mut self) -> Id {
        self.ids += 1;
        let at = self.now - days(1) + Duration::milliseconds(self.ids);
        Id::from_parts(at, self.rng.id_bytes())
    }

    /// `minutes` after local midnight of `date`, in UTC.
    fn at(&self, date: NaiveDate, minutes: i64) -> DateTime<Utc> {
        let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
    }

    /// Fills `{n}` (a small number), `{major}` and `{short}` in a phrase about `firm`.
    fn phrase(&mut self, template: &str, firm: &Firm) -> String {
        let mut s = template.to_string();
        if s.contains("{n}") {
            s = s.replace("{n}", &self.rng.range(2, 30).to_string());
        }
        if s.contains("{major}") {
            let major = *self.rng.pick(firm.industry.majors);
            s = s.replace("{major}", major);
        }
        s.replace("{short}", &firm.short)
    }

    /// `count` different items of `list` (all of them if it is shorter).
    fn distinct(&mut self, list: &[&'static str], count: usize) -> Vec<&'static str> {
        let mut picked = Vec::with_capacity(count);
        while picked.len() < count.min(list.len()) {
            let p = *self.rng.pick(list);
            if !picked.contains(&p) {
                picked.push(p);
            }
        }
        picked
    }

    /// `count` different phrases from `list`, filled in and joined with `sep`.
    fn phrases(&mut self, list: &[&'static str], count: usize, sep: &str, firm: &Firm) -> String {
        let parts: Vec<String> = self.distinct(list, count).into_iter().map(|p| self.phrase(p, firm)).collect();
        parts.join(sep)
    }

    fn name(&mut self) -> Name {
        let (surname, surname_py) = *self.rng.pick(SURNAMES);
        let mut full = surname.to_string();
        let mut given_py = String::new();
        for _ in 0..if self.rng.chance(0.3) { 1 } else { 2 } {
            let (c, py) = *self.rng.pick(GIVEN);
            full.push_str(c);
            given_py.push_str(py);
        }
        Name { full, surname, surname_py, given_py }
    }

    fn mobile(&mut self) -> String {
        let second = *self.rng.pick(&[3, 5, 7, 8, 9]);
        format!("1{second}{:09}", self.rng.below(1_000_000_000))
    }

    fn landline(&mut self, area: &str) -> String {
        format!("{area}-{}{:07}", self.rng.range(2, 8), self.rng.below(10_000_000))
    }

    fn email(&mut self, name: &Name, domain: &str) -> String {
        match self.rng.below(3) {
            0 => format!("{}.{}@{domain}", name.given_py, name.surname_py),
            1 => format!("{}{}@{domain}", name.surname_py, name.given_py),
            _ => format!("{}{}{}@{domain}", name.surname_py, name.given_py, self.rng.range(1, 99)),
        }
    }

    // --- people ---

    /// The secretary, the president, 4–6 other leaders, 3–5 staff and 4–8 teachers.
    fn team(&mut self, school: &str) -> Vec<Member> {
        let head = if school.trim().ends_with("学院") { "院长" } else { "校长" };
        let mut roles: Vec<(Role, String, String)> = vec![
            (Role::Secretary, "党委书记".into(), "书记".into()),
            (Role::President, format!("党委副书记、{head}"), head.into()),
        ];
        let leaders = self.rng.range(4, 6);
        for i in 0..leaders {
            roles.push(match i {
                0 => (Role::Leader, "党委副书记".into(), "副书记".into()),
                1 => (Role::Leader, format!("党委常委、副{head}"), format!("副{head}")),
                _ => (Role::Leader, format!("副{head}"), format!("副{head}")),
            });
        }
        let staff = self.rng.range(3, 5) as usize;
        for title in &STAFF_TITLES[..staff] {
            roles.push((Role::Staff, (*title).into(), "老师".into()));
        }
        for i in 0..self.rng.range(4, 8) as usize {
            let post = self.rng.pick(TEACHER_POSTS);
            let dept = DEPARTMENTS[i % DEPARTMENTS.len()];
            roles.push((Role::Teacher, format!("{dept}{post}"), "老师".into()));
        }
        let mut taken = HashSet::new();
        let mut team = Vec::with_capacity(roles.len());
        for (role, title, call) in roles {
            let name = loop {
                let name = self.name();
                if taken.insert(name.full.clone()) {
                    break name;
                }
            };
            let person = Person {
                name: name.full.clone(),
                role,
                title,
                phone: Some(self.mobile()),
                email: Some(format!("{}.{}@{SCHOOL_MAIL}", name.given_py, name.surname_py)),
                ..Person::new(&name.full, role)
            };
            team.push(Member { id: self.id(), person, call: format!("{}{call}", name.surname) });
        }
        team
    }

    // --- employers ---

    /// `count` employers, two in five of them in the school's home city.
    fn firms(&mut self, count: usize) -> Vec<Firm> {
        let home = self.rng.below(CITIES.len());
        let mut taken = HashSet::new();
        (0..count).map(|i| self.firm(home, i, &mut taken)).collect()
    }

    fn firm(&mut self, home: usize, index: usize, taken: &mut HashSet<String>) -> Firm {
        let city_index = if self.rng.chance(0.4) { home } else { self.rng.below(CITIES.len()) };
        let city = &CITIES[city_index];
        let district = self.rng.pick(city.districts);
        let named = if self.rng.chance(0.08) { self.institution(city, taken) } else { None };
        let institution = named.is_some();
        let Named { name, short, domain, industry, ownership } = match named {
            Some(named) => named,
            None => self.company(city, index, taken),
        };
        let size = if institution {
            if self.rng.chance(0.4) { EmployerSize::Large } else { EmployerSize::Medium }
        } else {
            *self.rng.weighted(SIZES)
        };
        let key_share = match size {
            EmployerSize::Large => 0.3,
            EmployerSize::Medium => 0.15,
            _ => 0.05,
        };
        let is_key = self.rng.chance(key_share);
        let authority = match ownership {
            Ownership::PublicInstitution => "12",
            Ownership::SocialOrganisation => "51",
            _ => "91",
        };
        let credit_code = if self.rng.chance(0.9) { self.credit_code(authority, district) } else { None };
        let in_park = !district.park.is_empty() && self.rng.chance(0.5);
        let road = self.rng.pick(ROADS);
        let address = format!("{}{}{road}{}号", city.name, district.name, self.rng.range(1, 999));
        let notes = if is_key {
            self.rng.pick(KEY_NOTES).to_string()
        } else if self.rng.chance(0.1) {
            self.rng.pick(OTHER_NOTES).to_string()
        } else {
            String::new()
        };
        let base_name = if institution {
            format!("{name}就业实习实践基地")
        } else {
            format!("{short}公司就业实习实践基地")
        };
        let employer = Employer {
            name,
            credit_code,
            industry: industry.name.into(),
            ownership,
            size,
            region: format!("{}{}{}", city.province, city.name, district.name),
            address,
            park: if in_park { district.park.into() } else { String::new() },
            is_key,
            origin: Origin::Existing,
            developed_on: None,
            notes,
            merged_into: None,
        };
        Firm { id: self.id(), employer, short, base_name, domain, institution, city: city_index, district, industry }
    }

    /// A public institution or association in `city`, unless the city already has that one.
    fn institution(&mut self, city: &City, taken: &mut HashSet<String>) -> Option<Named> {
        let inst = self.rng.pick(INSTITUTIONS);
        let (label, tag) = if inst.name.contains("{n}") {
            let k = self.rng.below(ORDINALS.len());
            (inst.name.replace("{n}", ORDINALS[k]), format!("{}{}", inst.pinyin, k + 1))
        } else {
            (inst.name.to_string(), inst.pinyin.to_string())
        };
        let name = format!("{}{label}", city.name);
        if !taken.insert(name_key(&name)) {
            return None;
        }
        let domain = format!("{tag}.{}.org.cn", city.pinyin);
        Some(Named { short: name.clone(), name, domain, industry: inst.industry, ownership: inst.ownership })
    }

    /// A company with a name no other employer has.
    fn company(&mut self, city: &City, index: usize, taken: &mut HashSet<String>) -> Named {
        let industry = *self.rng.weighted(INDUSTRIES);
        let ownership = *self.rng.weighted(COMPANY_OWNERSHIP);
        let mut attempt = 0;
        loop {
            let word = self.rng.pick(industry.words);
            let (head, head_py) = *self.rng.pick(BRAND_HEADS);
            let (tail, tail_py) = *self.rng.pick(BRAND_TAILS);
            if head == tail {
                continue;
            }
            let prefix = if self.rng.chance(0.85) { city.prefix } else { city.province_prefix };
            let suffix = self.rng.weighted(COMPANY_SUFFIXES);
            let short = format!("{head}{tail}{word}");
            // In the unlikely case that every try is taken, a branch number makes it unique.
            let branch = if attempt < 50 { String::new() } else { format!("第{index}分公司") };
            let name = format!("{prefix}{short}{suffix}{branch}");
            attempt += 1;
            if taken.insert(name_key(&name)) {
                let domain = format!("{head_py}{tail_py}{}.com", city.abbr);
                return Named { name, short, domain, industry, ownership };
            }
        }
    }

    /// A valid unified social credit code: authority and type, the district's division code,
    /// an organisation code (newer ones start with MA) and the check character.
    fn credit_code(&mut self, authority: &str, district: &District) -> Option<String> {
        let mut body = format!("{authority}{}", district.code);
        if self.rng.chance(0.6) {
            body.push_str("MA");
            for _ in 0..7 {
                body.push(char::from(*self.rng.pick(CODE_CHARS)));
            }
        } else {
            body.push_str(&format!("{:08}", self.rng.below(100_000_000)));
            body.push(char::from(*self.rng.pick(CODE_CHARS)));
        }
        let check = credit_code_check_char(&body)?;
        body.push(check);
        Some(body)
    }

    // --- the schedule ---

    /// A day for a visit: mostly inside the campaign, some before and after it (unless
    /// `inside`), and a few in the month after today so there is always something coming up.
    fn visit_day(&mut self, inside: bool) -> NaiveDate {
        let span = (self.ends_on - self.starts_on).num_days();
        let day = match self.rng.below(100) {
            0..6 if !inside => self.starts_on - days(self.rng.range(1, 45)),
            88..94 if !inside => self.ends_on + days(self.rng.range(1, 45)),
            0..94 => self.starts_on + days(self.rng.range(0, span)),
            _ => self.today + days(self.rng.range(1, 30)),
        };
        let day = weekday(day);
        // A trip's stops run up to a day on: none past the campaign's end.
        if inside { day.clamp(weekday(self.starts_on), weekday(self.ends_on - days(2))) } else { day }
    }

    fn status(&mut self, end: DateTime<Utc>) -> VisitStatus {
        let past = end + Duration::minutes(30) <= self.now;
        if self.rng.chance(if past { 0.05 } else { 0.03 }) {
            VisitStatus::Cancelled
        } else if past {
            VisitStatus::Completed
        } else {
            VisitStatus::Planned
        }
    }

    fn stop(&mut self, firm: usize, lead: usize, date: NaiveDate, trip: Option<(usize, u32)>) -> Stop {
        let (mode, start, length) = match trip {
            // Two stops a day on a trip: mornings and afternoons.
            Some((_, seq)) => (VisitMode::OnSite, if seq % 2 == 1 { 570 } else { 870 }, 120),
            None => {
                let mode = *self.rng.weighted(VISIT_MODES);
                let length = match mode {
                    VisitMode::OnSite => 90 + 30 * self.rng.range(0, 3),
                    VisitMode::Hosted => 60 + 30 * self.rng.range(0, 3),
                    VisitMode::Online => 45 + 15 * self.rng.range(0, 3),
                };
                (mode, 510 + 30 * self.rng.range(0, 15), length)
            }
        };
        let start = self.at(date, start);
        let end = start + Duration::minutes(length);
        let status = self.status(end);
        Stop { id: self.id(), firm, lead, date, start, end, mode, status, trip }
    }

    /// An employer for `lead`'s next visit: sometimes a key employer; principals prefer ones
    /// they have not visited yet.
    fn pick_firm(&mut self, firms: usize, key: &[usize], visited: &HashSet<usize>, fresh: bool) -> usize {
        let mut firm = 0;
        for _ in 0..4 {
            firm = if !key.is_empty() && self.rng.chance(0.2) { *self.rng.pick(key) } else { self.rng.below(firms) };
            if !fresh || !visited.contains(&firm) {
                break;
            }
        }
        firm
    }

    /// Every visit: the principals' quotas first, the rest shared by the other leaders; about
    /// one visit in eight starts a trip of 2–4 stops in one city.
    fn schedule(&mut self, spec: &Spec, team: &[Member], firms: &[Firm]) -> (Vec<TripPlan>, Vec<Stop>) {
        let mut by_city: Vec<Vec<usize>> = vec![Vec::new(); CITIES.len()];
        for (i, firm) in firms.iter().enumerate() {
            by_city[firm.city].push(i);
        }
        let key: Vec<usize> = (0..firms.len()).filter(|&i| firms[i].employer.is_key).collect();
        let role_of = |r: Role| (0..team.len()).filter(move |&i| team[i].person.role == r);
        let leaders: Vec<usize> = role_of(Role::Leader).collect();
        let mut quotas: Vec<(usize, usize, bool)> = Vec::new();
        for (role, quota) in [Role::Secretary, Role::President].into_iter().zip(spec.principal_visits) {
            quotas.extend(role_of(role).map(|i| (i, quota, true)));
        }
        let rest = spec.visits.saturating_sub(quotas.iter().map(|q| q.1).sum());
        for (k, &lead) in leaders.iter().enumerate() {
            let extra = usize::from(k < rest % leaders.len());
            quotas.push((lead, rest / leaders.len() + extra, false));
        }
        let mut trips = Vec::new();
        let mut stops = Vec::with_capacity(spec.visits);
        for (lead, quota, principal) in quotas {
            let mut visited = HashSet::new();
            let first = stops.len();
            while stops.len() - first < quota {
                let left = quota - (stops.len() - first);
                let anchor = self.pick_firm(firms.len(), &key, &visited, principal);
                let day = self.visit_day(spec.inside);
                let city = &CITIES[firms[anchor].city];
                let pool = &by_city[firms[anchor].city];
                let mut chosen = vec![anchor];
                if left >= 2 && pool.len() >= 2 && self.rng.chance(0.12) {
                    let want = (self.rng.range(2, 4) as usize).min(left);
                    for _ in 0..20 {
                        if chosen.len() >= want {
                            break;
                        }
                        let f = *self.rng.pick(pool);
                        if !chosen.contains(&f) {
                            chosen.push(f);
                        }
                    }
                }
                if chosen.len() == 1 {
                    visited.insert(anchor);
                    let stop = self.stop(anchor, lead, day, None);
                    stops.push(stop);
                    continue;
                }
                let trip = trips.len();
                let ends_on = day + days((chosen.len() as i64 - 1) / 2);
                trips.push(TripPlan {
                    id: self.id(),
                    lead,
                    title: format!("{}赴{}访企拓岗", team[lead].call, city.prefix),
                    starts_on: day,
                    ends_on,
                });
                for (i, &firm) in chosen.iter().enumerate() {
                    visited.insert(firm);
                    let stop = self.stop(firm, lead, day + days(i as i64 / 2), Some((trip, i as u32 + 1)));
                    stops.push(stop);
                }
            }
        }
        (trips, stops)
    }

    /// Marks about `target` employers as newly developed, on the day of their first visit,
    /// choosing among those whose first completed visit fell inside the campaign.
    fn mark_newly_developed(&mut self, firms: &mut [Firm], stops: &[Stop], target: usize) {
        let mut first: Vec<Option<NaiveDate>> = vec![None; firms.len()];
        for s in stops.iter().filter(|s| s.status == VisitStatus::Completed) {
            let day = &mut first[s.firm];
            if day.is_none_or(|d| s.date < d) {
                *day = Some(s.date);
            }
        }
        let mut candidates: Vec<usize> =
            (0..firms.len()).filter(|&i| first[i].is_some_and(|d| self.starts_on <= d && d <= self.ends_on)).collect();
        self.rng.shuffle(&mut candidates);
        let target = target * self.rng.range(90, 110) as usize / 100;
        for &i in candidates.iter().take(target) {
            firms[i].employer.origin = Origin::NewlyDeveloped;
            firms[i].employer.developed_on = first[i];
        }
    }

    // --- writing ---

    fn insert(&mut self, tx: &Tx<'_>, plan: &Plan, summary: &mut Summary) -> Result<()> {
        for m in &plan.team {
            tx.insert_with_id(m.id.clone(), m.person.clone())?;
            summary.people += 1;
        }
        for firm in &plan.firms {
            tx.insert_with_id(firm.id.clone(), firm.employer.clone())?;
            summary.employers += 1;
            summary.key_employers += usize::from(firm.employer.is_key);
            summary.newly_developed += usize::from(firm.employer.origin == Origin::NewlyDeveloped);
            for i in 0..*self.rng.weighted(&[(1, 35), (2, 40), (3, 25)]) {
                let contact = self.contact(firm, i == 0);
                tx.insert_with_id(self.id(), contact)?;
                summary.contacts += 1;
            }
        }
        for trip in &plan.trips {
            let record = Trip {
                leader_id: plan.team[trip.lead].id.clone(),
                title: trip.title.clone(),
                starts_on: trip.starts_on,
                ends_on: trip.ends_on,
                notes: self.rng.pick(TRIP_NOTES).to_string(),
            };
            tx.insert_with_id(trip.id.clone(), record)?;
            summary.trips += 1;
        }
        let helpers: Vec<usize> =
            (0..plan.team.len()).filter(|&i| matches!(plan.team[i].person.role, Role::Staff | Role::Teacher)).collect();
        let leaders: Vec<usize> = (0..plan.team.len()).filter(|&i| plan.team[i].person.role == Role::Leader).collect();
        for stop in &plan.stops {
            let visit = self.visit(plan, stop, &helpers, &leaders);
            tx.insert_with_id(stop.id.clone(), visit)?;
            summary.visits += 1;
            match stop.status {
                VisitStatus::Planned => summary.planned_visits += 1,
                VisitStatus::Completed => summary.completed_visits += 1,
                VisitStatus::Cancelled => summary.cancelled_visits += 1,
            }
        }
        let mut based = HashSet::new();
        for stop in &plan.stops {
            self.products(tx, plan, stop, &helpers, &mut based, summary)?;
        }
        // Each note goes with a random visit, but they are written visit by visit, so the
        // references the store checks are near the ones it just read: notes in random order
        // made the large size a quarter slower.
        let slots = plan.stops.len().max(1);
        let mut per_visit = vec![0u32; slots];
        for _ in 0..plan.notes {
            per_visit[self.rng.below(slots)] += 1;
        }
        for (i, &count) in per_visit.iter().enumerate() {
            for _ in 0..count {
                let note = self.note(plan, plan.stops.get(i));
                tx.insert_with_id(self.id(), note)?;
                summary.notes += 1;
            }
        }
        Ok(())
    }

    fn contact(&mut self, firm: &Firm, first: bool) -> Contact {
        let name = self.name();
        let title = if firm.institution {
            self.rng.pick(INSTITUTION_TITLES)
        } else if first {
            self.rng.pick(HR_TITLES)
        } else {
            self.rng.pick(CONTACT_TITLES)
        };
        let phone = self.rng.chance(0.55).then(|| self.landline(CITIES[firm.city].area));
        let mobile = self.rng.chance(0.9).then(|| self.mobile());
        let email = if !self.rng.chance(0.7) {
            None
        } else if first && !firm.institution && self.rng.chance(0.4) {
            Some(format!("{}@{}", self.rng.pick(MAIL_BOXES), firm.domain))
        } else {
            Some(self.email(&name, &firm.domain))
        };
        let is_alumnus = self.rng.chance(0.2);
        let (alumni_year, alumni_major) = if is_alumnus {
            let year = self.today.year() - self.rng.range(1, 15) as i32;
            let industry = if self.rng.chance(0.7) { firm.industry } else { *self.rng.weighted(INDUSTRIES) };
            let major = self.rng.pick(industry.majors);
            (u16::try_from(year).ok(), major.to_string())
        } else {
            (None, String::new())
        };
        Contact {
            employer_id: firm.id.clone(),
            name: name.full,
            title: title.to_string(),
            phone,
            mobile,
            email,
            is_alumnus,
            alumni_year,
            alumni_major,
            notes: String::new(),
        }
    }

    fn visit(&mut self, plan: &Plan, stop: &Stop, helpers: &[usize], leaders: &[usize]) -> Visit {
        let firm = &plan.firms[stop.firm];
        let lead = &plan.team[stop.lead];
        // Principals only ever lead: the ledger counts a visit for everyone who took part.
        let mut participant_ids = Vec::new();
        for _ in 0..*self.rng.weighted(&[(0, 15), (1, 45), (2, 30), (3, 10)]) {
            if let Some(&h) = (!helpers.is_empty()).then(|| self.rng.pick(helpers)) {
                participant_ids.push(plan.team[h].id.clone());
            }
        }
        if !leaders.is_empty() && self.rng.chance(0.08) {
            participant_ids.push(plan.team[*self.rng.pick(leaders)].id.clone());
        }
        let guests = if self.rng.chance(0.25) { self.rng.pick(GUESTS).to_string() } else { String::new() };
        let count = self.rng.range(2, 3) as usize;
        let objectives = format!("{}。", self.phrases(OBJECTIVES, count, "；", firm));
        let completed = stop.status == VisitStatus::Completed;
        let (actual_start, actual_end, summary, outcome) = if completed {
            let start = stop.start + Duration::minutes(5 * self.rng.range(-2, 3));
            let end = stop.end + Duration::minutes(5 * self.rng.range(-3, 6));
            let opening = self.rng.pick(match stop.mode {
                VisitMode::OnSite => OPENINGS_ON_SITE,
                VisitMode::Hosted => OPENINGS_HOSTED,
                VisitMode::Online => OPENINGS_ONLINE,
            });
            let finding = self.phrases(SUMMARY_FINDINGS, 1, "", firm);
            let agreement = self.phrases(SUMMARY_AGREEMENTS, 1, "", firm);
            let summary = format!("{}{opening}，{finding}。{agreement}。", lead.call);
            (Some(start), Some(end), summary, self.outcome(stop, firm))
        } else {
            (None, None, String::new(), Outcome::default())
        };
        let cancel_reason = if stop.status == VisitStatus::Cancelled {
            self.rng.pick(CANCEL_REASONS).to_string()
        } else {
            String::new()
        };
        let travel_note = match stop.trip {
            Some((_, seq)) if seq > 1 => {
                let note = self.rng.pick(TRAVEL_NOTES);
                self.phrase(note, firm)
            }
            _ => String::new(),
        };
        Visit {
            employer_id: firm.id.clone(),
            lead_id: lead.id.clone(),
            participant_ids,
            guests,
            status: stop.status,
            mode: stop.mode,
            planned_start: stop.start,
            planned_end: stop.end,
            time_zone: plan.time_zone.to_string(),
            actual_start,
            actual_end,
            objectives,
            summary,
            cancel_reason,
            outcome,
            trip_id: stop.trip.map(|(t, _)| plan.trips[t].id.clone()),
            trip_seq: stop.trip.map(|(_, seq)| seq),
            travel_note,
            // Recorded by the leader: nothing waits for a confirmation.
            completed_by: (stop.status == VisitStatus::Completed).then(|| lead.id.clone()),
            confirmed_by: None,
            replan_of: None,
        }
    }

    fn outcome(&mut self, stop: &Stop, firm: &Firm) -> Outcome {
        let recruitment_agreed = self.rng.chance(0.35);
        let exemplary = if self.rng.chance(0.02) {
            let template = self.rng.pick(EXEMPLARY);
            self.phrase(template, firm)
        } else {
            String::new()
        };
        Outcome {
            channel_established: self.rng.chance(0.65),
            recruitment_agreed,
            recruitment_mode: recruitment_agreed.then(|| *self.rng.weighted(RECRUITMENT_MODES)),
            recruitment_on: recruitment_agreed.then(|| stop.date + days(self.rng.range(14, 75))),
            exemplary,
        }
    }

    /// A done date for a task due on `due`, or none if it is still open (overdue or not).
    fn done_on(&mut self, from: NaiveDate, due: NaiveDate) -> Option<NaiveDate> {
        let done = if due < self.today { self.rng.chance(0.75) } else { self.rng.chance(0.2) };
        let day =
            if due < self.today { due - days(self.rng.range(0, 7)) } else { self.today - days(self.rng.range(0, 3)) };
        done.then(|| day.max(from).min(self.today))
    }

    /// What a visit produced: job postings, an internship base, the two surveys, a follow-up
    /// task; and for a planned visit, sometimes a task to prepare it.
    fn products(
        &mut self,
        tx: &Tx<'_>,
        plan: &Plan,
        stop: &Stop,
        helpers: &[usize],
        based: &mut HashSet<usize>,
        summary: &mut Summary,
    ) -> Result<()> {
        let firm = &plan.firms[stop.firm];
        let owner = |g: &mut Gen| {
            let who = if helpers.is_empty() || g.rng.chance(0.2) { stop.lead } else { *g.rng.pick(helpers) };
            plan.team[who].id.clone()
        };
        if stop.status == VisitStatus::Planned && self.rng.chance(0.3) {
            let due = stop.date - days(self.rng.range(1, 5));
            let title = self.phrases(TASKS_BEFORE, 1, "", firm);
            let task = Task {
                title,
                due_on: due,
                owner_id: owner(self),
                visit_id: Some(stop.id.clone()),
                employer_id: Some(firm.id.clone()),
                done_on: self.done_on(due - days(14), due),
                notes: String::new(),
            };
            tx.insert_with_id(self.id(), task)?;
            summary.tasks += 1;
        }
        if stop.status != VisitStatus::Completed {
            return Ok(());
        }
        if self.rng.chance(0.4) {
            for _ in 0..self.rng.range(1, 3) {
                let posting = self.posting(stop, firm);
                tx.insert_with_id(self.id(), posting)?;
                summary.job_postings += 1;
            }
        }
        if self.rng.chance(0.07) && based.insert(stop.firm) {
            let status = *self.rng.weighted(BASE_STATUSES);
            let established_on =
                (status != BaseStatus::Intended).then(|| (stop.date + days(self.rng.range(0, 60))).min(self.today));
            let base = InternshipBase {
                employer_id: firm.id.clone(),
                visit_id: Some(stop.id.clone()),
                name: firm.base_name.clone(),
                status,
                signed_on: established_on,
                established_on,
                term_ends_on: None,
                capacity: Some(5 * self.rng.range(1, 12) as u32),
                placements: Vec::new(),
            };
            tx.insert_with_id(self.id(), base)?;
            summary.internship_bases += 1;
        }
        if self.rng.chance(0.45) {
            let survey = self.demand_survey(stop, firm);
            tx.insert_with_id(self.id(), survey)?;
            summary.demand_surveys += 1;
        }
        if self.rng.chance(0.3) {
            let survey = self.followup_survey(stop, firm);
            tx.insert_with_id(self.id(), survey)?;
            summary.followup_surveys += 1;
        }
        if self.rng.chance(0.5) {
            let due = stop.date + days(self.rng.range(5, 30));
            let title = self.phrases(TASKS_AFTER, 1, "", firm);
            let task = Task {
                title,
                due_on: due,
                owner_id: owner(self),
                visit_id: Some(stop.id.clone()),
                employer_id: Some(firm.id.clone()),
                done_on: self.done_on(stop.date, due),
                notes: String::new(),
            };
            tx.insert_with_id(self.id(), task)?;
            summary.tasks += 1;
        }
        Ok(())
    }

    fn posting(&mut self, stop: &Stop, firm: &Firm) -> JobPosting {
        let majors = (0..self.rng.range(1, 2)).map(|_| self.rng.pick(firm.industry.majors).to_string()).collect();
        let recent = (self.today - stop.date).num_days() < 90;
        let title = self.rng.pick(firm.industry.jobs).to_string();
        let headcount = *self.rng.weighted(HEADCOUNTS);
        let education = *self.rng.weighted(EDUCATIONS);
        let location = format!("{}{}", CITIES[firm.city].name, firm.district.name);
        // One draw, as before stages: an open posting is published; a closed one was filled
        // or closed unfilled (told apart by its headcount, without another draw).
        let stage = match self.rng.chance(if recent { 0.8 } else { 0.3 }) {
            true => PostingStage::Published,
            false if headcount.is_multiple_of(2) => PostingStage::Filled,
            false => PostingStage::Closed,
        };
        JobPosting {
            employer_id: firm.id.clone(),
            visit_id: Some(stop.id.clone()),
            title,
            headcount,
            majors,
            education,
            location,
            stage,
            pay_min: None,
            pay_max: None,
            hired: (stage == PostingStage::Filled).then_some(headcount),
        }
    }

    fn demand_survey(&mut self, stop: &Stop, firm: &Firm) -> DemandSurvey {
        let majors = self.rng.range(1, 3) as usize;
        let majors_wanted = self.distinct(firm.industry.majors, majors).into_iter().map(String::from).collect();
        let abilities = self.rng.range(2, 4) as usize;
        let abilities_wanted = self.distinct(ABILITIES, abilities).into_iter().map(String::from).collect();
        DemandSurvey {
            visit_id: stop.id.clone(),
            knowledge: self.phrases(KNOWLEDGE, 2, "；", firm),
            ability: self.phrases(ABILITY, 2, "；", firm),
            qualities: self.phrases(QUALITIES, 2, "；", firm),
            industry_trend: self.phrases(TRENDS, 1, "", firm),
            majors_wanted,
            abilities_wanted,
            planned_hires: self.rng.chance(0.75).then(|| *self.rng.weighted(HEADCOUNTS) * 2),
            shortcomings: self.phrases(SHORTCOMINGS, 1, "", firm),
            suggestions: self.phrases(SUGGESTIONS, 2, "；", firm),
        }
    }

    fn followup_survey(&mut self, stop: &Stop, firm: &Firm) -> FollowupSurvey {
        let tracked = *self.rng.weighted(&[(0, 20), (1, 35), (2, 30), (3, 15)]);
        let graduates: Vec<TrackedGraduate> = (0..tracked)
            .map(|_| TrackedGraduate {
                name: self.name().full,
                grad_year: u16::try_from(stop.date.year() - self.rng.range(1, 8) as i32).ok(),
                major: self.rng.pick(firm.industry.majors).to_string(),
                position: self.rng.pick(firm.industry.jobs).to_string(),
            })
            .collect();
        FollowupSurvey {
            visit_id: stop.id.clone(),
            graduates_employed: tracked + self.rng.range(0, 20) as u32,
            graduates,
            work_and_life: self.phrases(WORK_AND_LIFE, 2, "；", firm),
            graduate_suggestions: self.phrases(GRADUATE_SUGGESTIONS, 1, "", firm),
            satisfaction_moral: *self.rng.weighted(SATISFACTION),
            satisfaction_literacy: *self.rng.weighted(SATISFACTION),
            satisfaction_ability: *self.rng.weighted(SATISFACTION),
            employer_feedback: self.phrases(FEEDBACK, 2, "；", firm),
        }
    }

    /// A note about an employer, never after today: mostly around `stop`, else about any
    /// employer on any day of the campaign.
    fn note(&mut self, plan: &Plan, stop: Option<&Stop>) -> Note {
        let (firm, visit_id, written_on) = match stop.filter(|_| self.rng.chance(0.8)) {
            Some(s) if s.status == VisitStatus::Completed => {
                let about_visit = self.rng.chance(0.7);
                (s.firm, about_visit.then(|| s.id.clone()), s.date + days(self.rng.range(0, 5)))
            }
            // Preparing a visit still to come (or called off): some days before it or today.
            Some(s) => {
                let latest = (s.date - days(1)).min(self.today);
                (s.firm, Some(s.id.clone()), latest - days(self.rng.range(0, 14)))
            }
            None => {
                let (first, last) = (self.starts_on - days(30), self.ends_on.min(self.today));
                let span = (last - first).num_days().max(0);
                (self.rng.below(plan.firms.len()), None, first + days(self.rng.range(0, span)))
            }
        };
        let firm_ref = &plan.firms[firm];
        let opening = self.rng.pick(NOTE_OPENINGS);
        let topic = self.phrases(NOTE_TOPICS, 1, "", firm_ref);
        let closing = self.rng.pick(NOTE_CLOSINGS);
        Note {
            employer_id: firm_ref.id.clone(),
            visit_id,
            written_on: written_on.min(self.today),
            body: format!("{opening}，{topic}。{closing}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::KdfParams;
    use crate::model::validate;
    use crate::store::InitOptions;
    use std::path::Path;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 6, 15, 2, 0, 0).unwrap()
    }

    fn new_store(dir: &Path) -> Store {
        Store::init(
            dir,
            InitOptions {
                person: Person::new("就业中心管理员", Role::Staff),
                passphrase: "correct horse battery",
                school: "示例职业技术学院",
                campaign: Campaign::new(
                    "2022年书记校长访企拓岗促就业专项行动",
                    NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
                    NaiveDate::from_ymd_opt(2022, 8, 31).unwrap(),
                ),
                kdf: KdfParams::TEST,
                now: Utc.with_ymd_and_hms(2022, 2, 20, 1, 0, 0).unwrap(),
            },
        )
        .unwrap()
        .store
    }

    fn filled(size: Size, seed: u64) -> (tempfile::TempDir, Store, Summary) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = new_store(dir.path());
        let summary = fill(&mut store, size, seed, now()).unwrap();
        (dir, store, summary)
    }

    fn all<T: crate::model::Record>(store: &Store) -> Vec<(Id, T)> {
        records::list::<T>(store.conn(), "1", "id", []).unwrap().into_iter().map(|r| (r.id, r.data)).collect()
    }

    fn count(store: &Store, table: &str) -> usize {
        let n: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
        n as usize
    }

    #[test]
    fn sizes_parse() {
        for size in Size::ALL {
            assert_eq!(Size::parse(size.as_str()), Some(*size));
        }
        assert_eq!(Size::parse(" campus "), Some(Size::Campus));
        assert_eq!(Size::parse("huge"), None);
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let (_a, one, first) = filled(Size::Small, 7);
        let (_b, two, second) = filled(Size::Small, 7);
        assert_eq!(first, second);
        // Everything but the person each store was created with, whose id is random.
        let people = |s: &Store| all::<Person>(s).into_iter().filter(|(id, _)| id != s.actor()).collect::<Vec<_>>();
        assert_eq!(people(&one), people(&two));
        let names = |s: &Store| all::<Employer>(s).into_iter().map(|(_, e)| e.name).collect::<Vec<_>>();
        assert_eq!(names(&one), names(&two));
        assert_eq!(all::<Employer>(&one), all::<Employer>(&two));
        assert_eq!(all::<Contact>(&one), all::<Contact>(&two));
        assert_eq!(all::<Trip>(&one), all::<Trip>(&two));
        assert_eq!(all::<Visit>(&one), all::<Visit>(&two));
        assert_eq!(all::<JobPosting>(&one), all::<JobPosting>(&two));
        assert_eq!(all::<InternshipBase>(&one), all::<InternshipBase>(&two));
        assert_eq!(all::<DemandSurvey>(&one), all::<DemandSurvey>(&two));
        assert_eq!(all::<FollowupSurvey>(&one), all::<FollowupSurvey>(&two));
        assert_eq!(all::<Task>(&one), all::<Task>(&two));
        assert_eq!(all::<Note>(&one), all::<Note>(&two));
    }

    #[test]
    fn a_different_seed_gives_different_data() {
        let (_a, one, _) = filled(Size::Small, 7);
        let (_b, two, _) = filled(Size::Small, 8);
        let names = |s: &Store| all::<Employer>(s).into_iter().map(|(_, e)| e.name).collect::<HashSet<_>>();
        let (a, b) = (names(&one), names(&two));
        assert!(a.intersection(&b).count() < a.len() / 2, "{a:?} / {b:?}");
        let summaries = |s: &Store| all::<Visit>(s).into_iter().map(|(_, v)| v.summary).collect::<Vec<_>>();
        assert_ne!(summaries(&one), summaries(&two));
    }

    #[test]
    fn small_size_has_the_stated_counts_and_sound_records() {
        let (_dir, store, s) = filled(Size::Small, 42);
        assert_eq!((s.employers, s.visits, s.notes), (50, 200, 600));
        assert!((13..=21).contains(&s.people), "{s:?}");
        assert!((50..=150).contains(&s.contacts), "{s:?}");
        assert_eq!(s.visits, s.planned_visits + s.completed_visits + s.cancelled_visits);
        assert!(s.completed_visits > 80 && s.planned_visits > 10 && s.cancelled_visits > 0, "{s:?}");
        assert!(s.job_postings > 20 && s.demand_surveys > 20 && s.followup_surveys > 10, "{s:?}");
        assert!(s.tasks > 30 && s.internship_bases > 0 && s.trips > 0, "{s:?}");
        assert!((5..=15).contains(&s.newly_developed), "{s:?}");
        // The summary tells the truth, and the store's own person is still there.
        assert_eq!(count(&store, "people"), s.people + 1);
        assert_eq!(count(&store, "campaigns"), 1);
        for (table, n) in [
            ("employers", s.employers),
            ("contacts", s.contacts),
            ("trips", s.trips),
            ("visits", s.visits),
            ("job_postings", s.job_postings),
            ("internship_bases", s.internship_bases),
            ("demand_surveys", s.demand_surveys),
            ("followup_surveys", s.followup_surveys),
            ("tasks", s.tasks),
            ("notes", s.notes),
        ] {
            assert_eq!(count(&store, table), n, "{table}");
        }

        let people = all::<Person>(&store);
        let role = |r: Role| people.iter().filter(|(_, p)| p.role == r).count();
        assert_eq!((role(Role::Secretary), role(Role::President)), (1, 1));
        assert!((4..=6).contains(&role(Role::Leader)));

        let employers = all::<Employer>(&store);
        let coded: Vec<&String> = employers.iter().filter_map(|(_, e)| e.credit_code.as_ref()).collect();
        assert!(coded.len() > 35 && coded.len() < 50, "{}", coded.len());
        for code in coded {
            assert_eq!(&validate::credit_code("c", code).unwrap(), code);
        }
        let today = NaiveDate::from_ymd_opt(2022, 6, 15).unwrap();
        for (_, e) in employers.iter().filter(|(_, e)| e.origin == Origin::NewlyDeveloped) {
            let day = e.developed_on.unwrap();
            assert!(day >= NaiveDate::from_ymd_opt(2022, 3, 1).unwrap() && day <= today, "{day}");
        }

        let visits = all::<Visit>(&store);
        for (_, v) in &visits {
            match v.status {
                // Planned: not over yet (one may be under way right now).
                VisitStatus::Planned => assert!(v.planned_end + Duration::minutes(30) > now()),
                VisitStatus::Completed => {
                    assert!(v.actual_end.unwrap() <= now() && !v.summary.is_empty());
                }
                VisitStatus::Cancelled => assert!(!v.cancel_reason.is_empty()),
            }
            assert!(
                v.participant_ids.iter().all(|p| { people.iter().any(|(id, q)| id == p && !q.role.is_principal()) })
            );
        }
        for principal in [Role::Secretary, Role::President] {
            let (id, _) = people.iter().find(|(_, p)| p.role == principal).unwrap();
            let visited: HashSet<&Id> = visits
                .iter()
                .filter(|(_, v)| &v.lead_id == id && v.status == VisitStatus::Completed)
                .map(|(_, v)| &v.employer_id)
                .collect();
            assert!(visited.len() >= 4, "{principal:?} visited {}", visited.len());
        }
        for (_, task) in all::<Task>(&store) {
            assert!(task.done_on.is_none_or(|d| d <= today));
        }
        for (_, note) in all::<Note>(&store) {
            assert!(note.written_on <= today && !note.body.is_empty());
        }
        assert_eq!(crate::search::search(store.conn(), "实习", 5).unwrap().len(), 5);
    }

    #[test]
    fn filling_twice_with_one_seed_is_refused_and_changes_nothing() {
        let (_dir, mut store, s) = filled(Size::Small, 3);
        let err = fill(&mut store, Size::Small, 3, now()).unwrap_err();
        assert_eq!(err.code(), "invalid");
        assert_eq!(count(&store, "employers"), s.employers);
    }

    /// Campus size lands the principals and the newly developed employers near the targets.
    #[test]
    fn campus_size_is_near_the_targets() {
        let late = Utc.with_ymd_and_hms(2022, 12, 1, 0, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = new_store(dir.path());
        let s = fill(&mut store, Size::Campus, 1, late).unwrap();
        assert!((80..=150).contains(&s.newly_developed), "{s:?}");
        let people = all::<Person>(&store);
        let visits = all::<Visit>(&store);
        for principal in [Role::Secretary, Role::President] {
            let (id, _) = people.iter().find(|(_, p)| p.role == principal).unwrap();
            let visited: HashSet<&Id> = visits
                .iter()
                .filter(|(_, v)| &v.lead_id == id && v.status == VisitStatus::Completed)
                .map(|(_, v)| &v.employer_id)
                .collect();
            assert!((60..=130).contains(&visited.len()));
        }
    }

    /// The campus demo is a school's real scale: the secretary and the president 100–130 visits
    /// each, the other leaders 10–40, the team about 3–8 a working day, all in the campaign.
    #[test]
    fn the_campus_demo_is_a_real_schools_scale() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = new_store(dir.path());
        let s = fill(&mut store, Size::Campus, 1, now()).unwrap();
        let campaign = all::<Campaign>(&store).into_iter().next().unwrap().1;
        let people = all::<Person>(&store);
        let visits = all::<Visit>(&store);
        for (id, p) in &people {
            let led = visits.iter().filter(|(_, v)| &v.lead_id == id).count();
            match p.role {
                Role::Secretary | Role::President => assert!((100..=130).contains(&led), "{}: {led}", p.name),
                Role::Leader => assert!((10..=40).contains(&led), "{}: {led}", p.name),
                _ => {}
            }
        }
        let zone: Tz = campaign.time_zone.parse().unwrap();
        for (_, v) in &visits {
            let day = v.start().with_timezone(&zone).date_naive();
            assert!((campaign.starts_on..=campaign.ends_on).contains(&day), "{day}");
        }
        let working_days = (0..=(campaign.ends_on - campaign.starts_on).num_days())
            .filter(|d| (campaign.starts_on + days(*d)).weekday().number_from_monday() <= 5)
            .count();
        let per_day = s.visits as f64 / working_days as f64;
        assert!((3.0..=8.0).contains(&per_day), "{per_day} visits a working day");
    }
}
