//! Deterministic **synthetic** registries for demos, tests and benchmarks.
//!
//! Nothing generated here describes a real company or a real person: the
//! names are assembled from common syllables, the ids follow made-up
//! patterns, and every number is drawn from a [`Pcg64`] seeded with a `u64`.
//! The same seed gives the same registry within one version of this crate
//! (the generators use `rand` helpers whose output may change between `rand`
//! releases; that is acceptable for synthetic data).
//!
//! * [`demo_prefecture`]: a small prefecture modelled on Changji (昌吉州):
//!   nine units, about 3,000 objects and 130 inspectors, with every field of
//!   the model filled in somewhere.
//! * [`national`]: a lean, fast, nation-sized registry described by a
//!   [`NationalSpec`] (3.5 million objects at [`NationalSpec::full`]).
//! * [`national_history`]: random inspections in the earlier quarters of a
//!   year, roughly what the plans would have drawn.

use std::collections::{BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use shuangsuiji::model::{
    Category, Credit, DateRange, Id, Inspection, InspectionKind, Inspector, Jurisdiction, Level, ObjectTags, Pool,
    Quarter, Registry, RegulatedObject, Role, SharedId, Status,
};

/// Seed of [`demo_prefecture`]. The demo is synthetic: its companies and
/// people do not exist.
pub const DEMO_SEED: u64 = 0x5353_4A5F_4348_4A49;

/// Seed used by [`NationalSpec::full`] and [`NationalSpec::scaled`].
pub const NATIONAL_SEED: u64 = 0x5353_4A5F_4E41_5449;

// ---------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------

/// Characters for made-up brand names (字号).
const BRAND: [&str; 32] = [
    "天", "新", "金", "宏", "恒", "华", "鑫", "泰", "盛", "嘉", "瑞", "隆", "众", "博", "昌", "丰", "源", "达", "兴",
    "远", "通", "利", "安", "合", "顺", "德", "中", "弘", "广", "信", "富", "晟",
];

/// Industries (tag value) with the name suffixes that go with them.
const INDUSTRIES: [(&str, &[&str]); 10] = [
    ("化工", &["化工有限公司", "化学有限公司", "精细化工厂"]),
    ("煤化工", &["煤化工有限公司", "能源化工有限公司", "煤制气有限公司"]),
    ("火电", &["热电厂", "发电有限公司", "热力有限公司"]),
    ("水泥", &["水泥厂", "水泥有限公司"]),
    ("污水处理", &["污水处理厂", "水务有限公司"]),
    ("食品加工", &["食品有限公司", "番茄制品厂", "乳业有限公司", "屠宰厂"]),
    ("畜禽养殖", &["养殖场", "牧业有限公司"]),
    ("有色冶金", &["铝业有限公司", "硅业有限公司", "冶炼厂"]),
    ("建材", &["建材有限公司", "砖厂", "商砼有限公司"]),
    ("采矿", &["矿业有限公司", "煤矿", "砂石料场"]),
];

/// Industries a coal-and-energy park leans towards (indices into [`INDUSTRIES`]).
const HEAVY: [usize; 4] = [1, 2, 7, 0];

/// Radiation users (核技术利用) with their suffixes.
const NUCLEAR_TECH: (&str, &[&str]) = ("核技术利用", &["医院", "无损检测有限公司", "放射诊疗中心"]);

/// Short suffixes for the lean national generator.
const SHORT_SUFFIX: [&str; 10] =
    ["化工", "水泥厂", "热电厂", "污水厂", "食品厂", "矿业", "建材厂", "制药厂", "养殖场", "铝业"];

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "马", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "何", "郭", "罗", "韩",
    "蒋",
];

const GIVEN: [&str; 28] = [
    "伟", "芳", "娜", "敏", "静", "军", "勇", "杰", "强", "磊", "洋", "艳", "涛", "明", "超", "霞", "平", "刚", "建华",
    "玉兰", "志强", "海燕", "国庆", "晓东", "文博", "红梅", "新疆", "天宇",
];

/// Full names in the Uyghur and Kazakh style, as often seen in Changji.
const MINZU_NAMES: [&str; 8] = [
    "买买提·艾力",
    "阿依古丽·吐尔逊",
    "艾尔肯·热合曼",
    "古丽娜尔·阿不都",
    "叶尔兰·努尔兰",
    "阿娜尔·沙吾提",
    "热依拉·买合木提",
    "努尔波拉提·加肯",
];

/// Extra expertise tags beside `radiation` and `hazardous_waste`.
const OTHER_EXPERTISE: [&str; 4] = ["water", "air", "solid_waste", "noise"];

fn pick<R: Rng>(rng: &mut R, xs: &[&'static str]) -> &'static str {
    xs.choose(rng).copied().unwrap_or("")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// A made-up two-character brand.
fn push_brand<R: Rng>(rng: &mut R, s: &mut String) {
    s.push_str(pick(rng, &BRAND));
    s.push_str(pick(rng, &BRAND));
}

fn person_name<R: Rng>(rng: &mut R) -> String {
    if rng.gen_bool(0.12) {
        return pick(rng, &MINZU_NAMES).to_owned();
    }
    let mut s = String::with_capacity(9);
    s.push_str(pick(rng, &SURNAMES));
    s.push_str(pick(rng, &GIVEN));
    s
}

/// Complaints in the past year: mostly none, at most five.
fn complaints<R: Rng>(rng: &mut R) -> u32 {
    let r: u32 = rng.gen_range(0..100);
    match r {
        0..=69 => 0,
        70..=83 => 1,
        84..=90 => 2,
        91..=94 => 3,
        95..=97 => 4,
        _ => 5,
    }
}

/// One of the ineligible statuses or new construction, at the given shares
/// (each of relocated / long-term stopped / bankrupt gets `each`).
fn status<R: Rng>(rng: &mut R, each: f64, opted_out: f64, new_construction: f64) -> Status {
    let r: f64 = rng.gen();
    let mut edge = each;
    if r < edge {
        return Status::Relocated;
    }
    edge += each;
    if r < edge {
        return Status::LongTermStopped;
    }
    edge += each;
    if r < edge {
        return Status::BankruptDeregistered;
    }
    edge += opted_out;
    if r < edge {
        return Status::OptedOut;
    }
    edge += new_construction;
    if r < edge {
        return Status::NewConstruction;
    }
    Status::Active
}

fn credit<R: Rng>(rng: &mut R) -> Credit {
    let r: f64 = rng.gen();
    if r < 0.62 {
        Credit::Good
    } else if r < 0.93 {
        Credit::Ordinary
    } else {
        Credit::Poor
    }
}

/// Quarterly tasks a unit's plan would roughly need, excluding the general
/// share that depends on the number of officers.
fn base_tasks(key: usize, special: usize) -> f64 {
    0.25 * key as f64 + 0.5 * special as f64
}

/// How one unit's inspectors are made.
struct StaffSpec<'a> {
    /// The unit's jurisdiction id.
    unit: &'a str,
    /// Id prefix; a three-digit counter is appended.
    id_prefix: &'a str,
    /// Head count.
    people: usize,
    /// Quarterly key/special tasks (see [`base_tasks`]).
    base_tasks: f64,
    /// General tasks per on-post officer per quarter (1:10 a year → 2.5).
    general_per_officer: f64,
    /// Departments for officers, supervisors and experts; `None`: no department.
    departments: Option<[String; 3]>,
    /// Object ids recusals may name.
    recusal_pool: &'a [RegulatedObject],
    /// Share of inspectors with recusals.
    recusal_rate: f64,
}

/// Makes a unit's inspectors: at least six on-post officers, among them at
/// least two with `radiation` and two with `hazardous_waste`, and officers'
/// quarterly capacity large enough that the on-post officers can cover three
/// times the expected two-officer tasks.
fn staff<R: Rng>(rng: &mut R, spec: &StaffSpec<'_>, out: &mut Vec<Inspector>) {
    let people = spec.people.max(8);
    let supervisors = (people * 15 + 50) / 100;
    let experts = people / 12;
    let officers = people.saturating_sub(supervisors + experts).max(6);
    let mut roles: Vec<Role> = Vec::with_capacity(officers + supervisors + experts);
    roles.resize(officers, Role::Officer);
    roles.resize(officers + supervisors, Role::Supervisor);
    roles.resize(officers + supervisors + experts, Role::Expert);
    roles.shuffle(rng);

    let start = out.len();
    let mut officer_seen = 0usize;
    for (i, role) in roles.into_iter().enumerate() {
        let mut expertise = BTreeSet::new();
        let mut on_post = true;
        match role {
            Role::Officer => {
                // The first six officers are on post; the first four carry the
                // two specialities the radiation and hazardous-waste pools need.
                match officer_seen {
                    0 | 1 => {
                        expertise.insert("radiation".to_owned());
                    }
                    2 | 3 => {
                        expertise.insert("hazardous_waste".to_owned());
                    }
                    _ => {
                        if rng.gen_bool(0.08) {
                            expertise.insert("radiation".to_owned());
                        }
                        if rng.gen_bool(0.12) {
                            expertise.insert("hazardous_waste".to_owned());
                        }
                    }
                }
                if officer_seen >= 6 {
                    on_post = rng.gen_bool(0.95);
                }
                if rng.gen_bool(0.4) {
                    expertise.insert(pick(rng, &OTHER_EXPERTISE).to_owned());
                }
                officer_seen += 1;
            }
            Role::Supervisor => {
                on_post = rng.gen_bool(0.95);
                if rng.gen_bool(0.3) {
                    expertise.insert(pick(rng, &OTHER_EXPERTISE).to_owned());
                }
            }
            Role::Expert => {
                expertise.insert(if rng.gen_bool(0.5) { "radiation" } else { "hazardous_waste" }.to_owned());
            }
        }
        let department = spec.departments.as_ref().and_then(|d| {
            let k = match role {
                Role::Officer => 0,
                Role::Supervisor => 1,
                Role::Expert => 2,
            };
            d.get(k).cloned()
        });
        let mut recusals = BTreeSet::new();
        if !spec.recusal_pool.is_empty() && rng.gen_bool(spec.recusal_rate) {
            for _ in 0..rng.gen_range(1..=2) {
                if let Some(o) = spec.recusal_pool.choose(rng) {
                    recusals.insert(o.id.clone());
                }
            }
        }
        out.push(Inspector {
            id: format!("{}-{:03}", spec.id_prefix, i + 1),
            name: person_name(rng),
            jurisdiction: spec.unit.to_owned(),
            role,
            on_post,
            expertise,
            department,
            years_of_service: rng.gen_range(1..=30),
            recusals,
            quarterly_capacity: rng.gen_range(20..=40),
        });
    }

    // Capacity floor: Σ capacity over on-post officers ≥ 3 × 2 × tasks.
    let unit_people = out.get_mut(start..).unwrap_or_default();
    let on_post_officers = unit_people.iter().filter(|p| p.on_post && p.is_certified_officer()).count().max(1);
    let tasks = spec.base_tasks + spec.general_per_officer * on_post_officers as f64;
    let floor = (6.0 * tasks / on_post_officers as f64).ceil() as u32;
    for p in unit_people.iter_mut().filter(|p| p.is_certified_officer()) {
        p.quarterly_capacity = p.quarterly_capacity.max(floor);
    }
}

fn count_eligible(objects: &[RegulatedObject], category: Category) -> usize {
    objects.iter().filter(|o| o.status.is_eligible() && o.category == category).count()
}

// ---------------------------------------------------------------------------
// The demo prefecture
// ---------------------------------------------------------------------------

struct DemoUnit {
    id: &'static str,
    name: &'static str,
    short: &'static str,
    code: &'static str,
    level: Level,
    objects: usize,
    people: usize,
}

const DEMO_UNITS: [DemoUnit; 9] = [
    DemoUnit {
        id: "changji/changji-city",
        name: "昌吉市",
        short: "昌吉",
        code: "CJS",
        level: Level::County,
        objects: 520,
        people: 16,
    },
    DemoUnit {
        id: "changji/fukang",
        name: "阜康市",
        short: "阜康",
        code: "FK",
        level: Level::County,
        objects: 420,
        people: 13,
    },
    DemoUnit {
        id: "changji/hutubi",
        name: "呼图壁县",
        short: "呼图壁",
        code: "HTB",
        level: Level::County,
        objects: 330,
        people: 11,
    },
    DemoUnit {
        id: "changji/manas",
        name: "玛纳斯县",
        short: "玛纳斯",
        code: "MNS",
        level: Level::County,
        objects: 330,
        people: 11,
    },
    DemoUnit {
        id: "changji/qitai",
        name: "奇台县",
        short: "奇台",
        code: "QT",
        level: Level::County,
        objects: 380,
        people: 12,
    },
    DemoUnit {
        id: "changji/jimsar",
        name: "吉木萨尔县",
        short: "吉木萨尔",
        code: "JMS",
        level: Level::County,
        objects: 280,
        people: 10,
    },
    DemoUnit {
        id: "changji/mori",
        name: "木垒县",
        short: "木垒",
        code: "ML",
        level: Level::County,
        objects: 170,
        people: 8,
    },
    DemoUnit {
        id: "changji/hitech",
        name: "昌吉高新区",
        short: "高新",
        code: "GX",
        level: Level::Park,
        objects: 230,
        people: 9,
    },
    DemoUnit {
        id: "changji/zhundong",
        name: "准东经济技术开发区",
        short: "准东",
        code: "ZD",
        level: Level::Park,
        objects: 340,
        people: 13,
    },
];

/// Head count of the prefecture's own 州执法支队.
const DEMO_PREFECTURE_PEOPLE: usize = 25;

/// A deterministic synthetic prefecture modelled on Changji (昌吉州), seeded
/// with [`DEMO_SEED`].
///
/// Root `changji` (昌吉州, [`Level::Prefecture`]); seven counties
/// (`changji/changji-city` 昌吉市, `changji/fukang` 阜康市, `changji/hutubi`
/// 呼图壁县, `changji/manas` 玛纳斯县, `changji/qitai` 奇台县,
/// `changji/jimsar` 吉木萨尔县, `changji/mori` 木垒县) and two parks
/// (`changji/hitech` 昌吉高新区, `changji/zhundong` 准东经济技术开发区).
/// 3,000 objects with ids like `CJ-HTB-00123` (about 8 % key, 4 % special,
/// 3 % radiation and 6 % hazardous-waste members, a few of every
/// ineligible status), and about 130 inspectors: 25 in the prefecture's
/// 州执法支队 and 8–16 per unit, each unit with at least six on-post
/// officers, two of them with `radiation` and two with `hazardous_waste`.
///
/// **Synthetic**: the companies and people are made up.
pub fn demo_prefecture() -> Registry {
    demo_prefecture_seeded(DEMO_SEED)
}

/// [`demo_prefecture`] with another seed: same shape, other draws.
pub fn demo_prefecture_seeded(seed: u64) -> Registry {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut jurisdictions = vec![Jurisdiction {
        id: "changji".to_owned(),
        name: "昌吉州".to_owned(),
        level: Level::Prefecture,
        parent: None,
    }];
    jurisdictions.extend(DEMO_UNITS.iter().map(|u| Jurisdiction {
        id: u.id.to_owned(),
        name: u.name.to_owned(),
        level: u.level,
        parent: Some("changji".to_owned()),
    }));

    let total: usize = DEMO_UNITS.iter().map(|u| u.objects).sum();
    let mut objects = Vec::with_capacity(total);
    let mut ranges = Vec::with_capacity(DEMO_UNITS.len());
    for unit in &DEMO_UNITS {
        let start = objects.len();
        for n in 1..=unit.objects {
            objects.push(demo_object(&mut rng, unit, n));
        }
        ranges.push(start..objects.len());
    }

    let mut inspectors = Vec::with_capacity(140);
    staff(
        &mut rng,
        &StaffSpec {
            unit: "changji",
            id_prefix: "ZF-CJZ",
            people: DEMO_PREFECTURE_PEOPLE,
            base_tasks: 0.0,
            general_per_officer: 1.25,
            departments: Some(["州执法支队".to_owned(), "州生态环境局监管科".to_owned(), "州环境监测站".to_owned()]),
            recusal_pool: &objects,
            recusal_rate: 0.08,
        },
        &mut inspectors,
    );
    for (unit, range) in DEMO_UNITS.iter().zip(ranges) {
        let own = objects.get(range).unwrap_or_default();
        staff(
            &mut rng,
            &StaffSpec {
                unit: unit.id,
                id_prefix: &format!("ZF-{}", unit.code),
                people: unit.people,
                base_tasks: base_tasks(count_eligible(own, Category::Key), count_eligible(own, Category::Special)),
                general_per_officer: 2.5,
                departments: Some([
                    format!("{}执法大队", unit.name),
                    format!("{}生态环境分局监管股", unit.name),
                    format!("{}环境监测站", unit.name),
                ]),
                recusal_pool: own,
                recusal_rate: 0.08,
            },
            &mut inspectors,
        );
    }
    Registry { jurisdictions, objects, inspectors }
}

fn demo_object(rng: &mut Pcg64, unit: &DemoUnit, n: usize) -> RegulatedObject {
    let id = format!("CJ-{}-{:05}", unit.code, n);
    let r: f64 = rng.gen();
    let category = if r < 0.08 {
        Category::Key
    } else if r < 0.12 {
        Category::Special
    } else {
        Category::General
    };
    let status = status(rng, 0.015, 0.005, 0.02);
    let radiation = rng.gen_bool(0.03).then(|| if rng.gen_bool(0.15) { Category::Key } else { Category::General });
    let hazardous_waste = rng.gen_bool(0.06).then(|| if rng.gen_bool(0.3) { Category::Key } else { Category::General });

    let (industry, suffixes) = if radiation.is_some() && rng.gen_bool(0.6) {
        NUCLEAR_TECH
    } else {
        let i = if unit.code == "ZD" && rng.gen_bool(0.6) {
            HEAVY.choose(rng).copied().unwrap_or(0)
        } else {
            rng.gen_range(0..INDUSTRIES.len())
        };
        INDUSTRIES.get(i).copied().unwrap_or(NUCLEAR_TECH)
    };
    let mut name = String::with_capacity(48);
    if rng.gen_bool(0.4) {
        name.push_str(unit.short);
    } else if rng.gen_bool(0.2) {
        name.push_str("新疆");
    }
    push_brand(rng, &mut name);
    name.push_str(pick(rng, suffixes));

    let emission = match rng.gen_range(0..20) {
        0..=6 => "water",
        7..=14 => "air",
        _ => "both",
    };
    let scale = {
        let r: f64 = rng.gen();
        let (large, medium) = if category == Category::Key { (0.5, 0.9) } else { (0.1, 0.45) };
        if r < large {
            "large"
        } else if r < medium {
            "medium"
        } else {
            "small"
        }
    };
    let online_share = match category {
        Category::Key => 0.85,
        Category::Special => 0.4,
        Category::General => 0.1,
    };
    let online = rng.gen_bool(online_share);
    let weather_grade = (emission != "water").then(|| {
        match rng.gen_range(0..20) {
            0..=1 => "A",
            2..=6 => "B",
            7..=14 => "C",
            _ => "D",
        }
        .to_owned()
    });
    let tags = ObjectTags {
        industry: Some(industry.to_owned()),
        emission_type: Some(emission.to_owned()),
        scale: Some(scale.to_owned()),
        monitoring: Some(if online { "online" } else { "none" }.to_owned()),
        weather_grade,
        free: BTreeSet::new(),
        object_type: None,
        attributes: Default::default(),
    };

    let positive_list = rng
        .gen_bool(0.02)
        .then(|| DateRange { from: date(2023, rng.gen_range(1..=6), 1), until: Some(date(2023, 12, 31)) });
    let credit = if positive_list.is_some() { Credit::Good } else { credit(rng) };
    let violation_share = match credit {
        Credit::Good => 0.02,
        Credit::Ordinary => 0.12,
        Credit::Poor => 0.6,
    };
    let last_violation = rng.gen_bool(violation_share).then(|| plus_days(date(2022, 1, 1), rng.gen_range(0..730)));
    let online_monitoring_stable = online && credit != Credit::Poor && rng.gen_bool(0.7);

    RegulatedObject {
        id,
        name,
        jurisdiction: unit.id.into(),
        category,
        status,
        radiation,
        hazardous_waste,
        tags: tags.boxed(),
        positive_list,
        credit: Some(credit),
        last_violation,
        online_monitoring_stable,
        complaints: complaints(rng),
    }
}

// ---------------------------------------------------------------------------
// The national registry
// ---------------------------------------------------------------------------

/// Size of a synthetic national registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NationalSpec {
    /// Number of regulated objects.
    pub objects: usize,
    /// Number of prefectures (州/市), the roots.
    pub prefectures: usize,
    /// Counties and parks under each prefecture (every ninth is a park).
    pub units_per_prefecture: usize,
    /// Target number of inspectors; each bureau gets at least six officers,
    /// so the result can be a little larger.
    pub inspectors: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl NationalSpec {
    /// Roughly the whole country: 3.5 million objects, 340 prefectures,
    /// 3,060 counties and parks, 80,000 inspectors.
    pub fn full() -> Self {
        NationalSpec {
            objects: 3_500_000,
            prefectures: 340,
            units_per_prefecture: 9,
            inspectors: 80_000,
            seed: NATIONAL_SEED,
        }
    }

    /// The proportions of [`NationalSpec::full`] for `objects` objects: at
    /// least one prefecture with at least one county, about one inspector per
    /// 44 objects.
    pub fn scaled(objects: usize) -> Self {
        let full = NationalSpec::full();
        let prefectures = ((objects as f64 * full.prefectures as f64 / full.objects as f64).round() as usize).max(1);
        let per_prefecture = objects / prefectures;
        let units_per_prefecture = (per_prefecture / 20).clamp(1, full.units_per_prefecture);
        NationalSpec {
            objects,
            prefectures,
            units_per_prefecture,
            inspectors: objects.div_ceil(44),
            seed: NATIONAL_SEED,
        }
    }
}

/// Splits `total` in proportion to `weights` (cumulative rounding: exact sum).
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(weights.len());
    let mut cumulative = 0.0;
    let mut given = 0usize;
    for w in weights {
        cumulative += w;
        let upto = if sum > 0.0 { ((total as f64) * cumulative / sum).round() as usize } else { 0 };
        let upto = upto.min(total).max(given);
        out.push(upto - given);
        given = upto;
    }
    if let Some(last) = out.last_mut() {
        *last += total - given;
    }
    out
}

/// A lean, fast synthetic national registry of the given size.
///
/// Prefectures `p001`, `p002`, … (合成州001 …), units `p001/u01` … (every
/// ninth a park); object ids `N001-01-00042`, inspector ids `I001-01-007`
/// (`-00-` for the prefecture's own bureau). Per prefecture the key share is
/// drawn in 6–9 % and the special share in 2.5–3.5 %; about 2 % of objects are
/// radiation and 5 % hazardous-waste members; about 1 % each are relocated,
/// long-term stopped or deregistered, 0.3 % opted out and 2 % new
/// construction. Tags are left empty; names are short.
///
/// Inspectors: 15 % in the prefectures' own bureaus, the rest spread over the
/// units in proportion to their objects; every bureau has at least six
/// on-post officers (two with `radiation`, two with `hazardous_waste`), and
/// officers' quarterly capacity is raised so that the sum over a unit's
/// on-post officers is at least three times the officer-slots of a quarter's
/// plan (25 % key + 50 % special + 2.5 general per officer, two officers per
/// task).
///
/// **Synthetic**: the companies and people are made up.
pub fn national(spec: &NationalSpec) -> Registry {
    let mut rng = Pcg64::seed_from_u64(spec.seed);
    let prefectures = spec.prefectures.max(1);
    let per = spec.units_per_prefecture.max(1);

    let mut jurisdictions = Vec::with_capacity(prefectures * (per + 1));
    let mut weights = Vec::with_capacity(prefectures * per);
    for p in 1..=prefectures {
        let pref_id = format!("p{p:03}");
        jurisdictions.push(Jurisdiction {
            id: pref_id.clone(),
            name: format!("合成州{p:03}"),
            level: Level::Prefecture,
            parent: None,
        });
        let pref_weight: f64 = rng.gen_range(0.5..1.5);
        for u in 1..=per {
            let park = u % 9 == 0;
            jurisdictions.push(Jurisdiction {
                id: format!("{pref_id}/u{u:02}"),
                name: format!("合成州{p:03}{}{u:02}", if park { "园区" } else { "县" }),
                level: if park { Level::Park } else { Level::County },
                parent: Some(pref_id.clone()),
            });
            weights.push(pref_weight * rng.gen_range(0.3..1.7));
        }
    }
    let counts = apportion(spec.objects, &weights);
    let unit_inspectors = apportion(spec.inspectors * 85 / 100, &weights);
    let pref_people = (spec.inspectors * 15 / 100) / prefectures;

    let mut objects: Vec<RegulatedObject> = Vec::with_capacity(spec.objects);
    let mut inspectors: Vec<Inspector> = Vec::with_capacity(spec.inspectors + prefectures * (per + 1) * 8);
    let mut counts = counts.into_iter();
    let mut unit_inspectors = unit_inspectors.into_iter();
    let mut jur = jurisdictions.iter();
    for p in 1..=prefectures {
        let Some(pref) = jur.next() else { break };
        let key_share: f64 = rng.gen_range(0.06..0.09);
        let special_share: f64 = rng.gen_range(0.025..0.035);
        let pref_start = objects.len();
        let mut unit_ranges = Vec::with_capacity(per);
        for u in 1..=per {
            let Some(unit) = jur.next() else { break };
            let count = counts.next().unwrap_or(0);
            let start = objects.len();
            // One allocation for the unit's id, shared by its objects.
            let shared = SharedId::from(&unit.id);
            for n in 1..=count {
                objects.push(national_object(&mut rng, p, u, n, &shared, key_share, special_share));
            }
            unit_ranges.push((unit, start..objects.len(), unit_inspectors.next().unwrap_or(0)));
        }
        staff(
            &mut rng,
            &StaffSpec {
                unit: &pref.id,
                id_prefix: &format!("I{p:03}-00"),
                people: pref_people,
                base_tasks: 0.0,
                general_per_officer: 1.25,
                departments: None,
                recusal_pool: objects.get(pref_start..).unwrap_or_default(),
                recusal_rate: 0.02,
            },
            &mut inspectors,
        );
        for (u, (unit, range, people)) in unit_ranges.into_iter().enumerate() {
            let own = objects.get(range).unwrap_or_default();
            staff(
                &mut rng,
                &StaffSpec {
                    unit: &unit.id,
                    id_prefix: &format!("I{p:03}-{:02}", u + 1),
                    people,
                    base_tasks: base_tasks(count_eligible(own, Category::Key), count_eligible(own, Category::Special)),
                    general_per_officer: 2.5,
                    departments: None,
                    recusal_pool: own,
                    recusal_rate: 0.02,
                },
                &mut inspectors,
            );
        }
    }
    Registry { jurisdictions, objects, inspectors }
}

fn national_object(
    rng: &mut Pcg64,
    p: usize,
    u: usize,
    n: usize,
    unit: &SharedId,
    key_share: f64,
    special_share: f64,
) -> RegulatedObject {
    let r: f64 = rng.gen();
    let category = if r < key_share {
        Category::Key
    } else if r < key_share + special_share {
        Category::Special
    } else {
        Category::General
    };
    let status = status(rng, 0.01, 0.003, 0.02);
    // One draw decides both pool memberships.
    let m: u32 = rng.gen_range(0..1000);
    let radiation = match m {
        0..=3 => Some(Category::Key),
        4..=19 => Some(Category::General),
        _ => None,
    };
    let hazardous_waste = match m {
        20..=34 => Some(Category::Key),
        35..=69 => Some(Category::General),
        _ => None,
    };
    let mut name = String::with_capacity(24);
    push_brand(rng, &mut name);
    name.push_str(pick(rng, &SHORT_SUFFIX));

    let extras: u32 = rng.gen_range(0..1000);
    let credit = match extras {
        0..=449 => Some(Credit::Good),
        450..=649 => Some(Credit::Ordinary),
        650..=689 => Some(Credit::Poor),
        _ => None,
    };
    let last_violation = extras.is_multiple_of(31).then(|| plus_days(date(2022, 1, 1), u64::from(extras)));
    let positive_list = (extras >= 990).then(|| DateRange { from: date(2023, 1, 1), until: None });
    let online_monitoring_stable = category == Category::Key && extras.is_multiple_of(2);

    RegulatedObject {
        id: format!("N{p:03}-{u:02}-{n:05}"),
        name,
        jurisdiction: unit.clone(),
        category,
        status,
        radiation,
        hazardous_waste,
        tags: None,
        positive_list,
        credit,
        last_violation,
        online_monitoring_stable,
        complaints: if extras.is_multiple_of(7) { complaints(rng) } else { 0 },
    }
}

/// Random inspections in quarters `1..=quarters_done` of `year` (at most
/// four), roughly what the units' plans would have drawn: each eligible
/// object is inspected in a quarter with probability 25 % (key), 50 %
/// (special) or 2.5 % (general), by its own unit (its jurisdiction), kind
/// [`InspectionKind::Random`], pollution pool, on a day inside the quarter,
/// by two distinct on-post officers of that unit who do not recuse the
/// object. Objects whose unit has fewer than two such officers are skipped.
/// Returns nothing for a year outside 1900–9999.
pub fn national_history(registry: &Registry, year: i32, quarters_done: u8, seed: u64) -> Vec<Inspection> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut officers: HashMap<&str, Vec<&Inspector>> = HashMap::new();
    for i in registry.inspectors.iter().filter(|i| i.on_post && i.is_certified_officer()) {
        officers.entry(i.jurisdiction.as_str()).or_default().push(i);
    }
    let mut out = Vec::new();
    for q in 1..=quarters_done.min(4) {
        let Ok(quarter) = Quarter::new(year, q) else { return Vec::new() };
        let first = quarter.first_day();
        let days = (quarter.last_day() - first).num_days().max(0) as u64 + 1;
        for object in registry.objects.iter().filter(|o| o.status.is_eligible()) {
            let share = match object.category {
                Category::Key => 0.25,
                Category::Special => 0.5,
                Category::General => 0.025,
            };
            if !rng.gen_bool(share) {
                continue;
            }
            let Some(team) = officers.get(object.jurisdiction.as_str()) else { continue };
            let Some(pair) = pick_pair(&mut rng, team, &object.id) else { continue };
            out.push(Inspection {
                object: object.id.clone(),
                by: object.jurisdiction.to_string(),
                date: plus_days(first, rng.gen_range(0..days)),
                kind: InspectionKind::Random,
                pools: BTreeSet::from([Pool::Pollution]),
                inspectors: pair.to_vec(),
            });
        }
    }
    out
}

/// Two distinct officers from `team` neither of whom recuses `object`.
fn pick_pair(rng: &mut Pcg64, team: &[&Inspector], object: &Id) -> Option<[Id; 2]> {
    if team.len() < 2 {
        return None;
    }
    for _ in 0..16 {
        let i = rng.gen_range(0..team.len());
        let mut j = rng.gen_range(0..team.len() - 1);
        if j >= i {
            j += 1;
        }
        let (a, b) = (team.get(i)?, team.get(j)?);
        if !a.recusals.contains(object) && !b.recusals.contains(object) {
            return Some([a.id.clone(), b.id.clone()]);
        }
    }
    None
}
