//! Small registries for examples, doc tests and first experiments.
//!
//! [`county`] builds a prefecture `changji` (昌吉州) with one county
//! `changji/hutubi` (呼图壁县): the objects lie in the county; the county
//! and the prefecture each get `officers` certified officers (ids `H-01`…
//! and `Z-01`…), the first two of each tagged with `radiation` and
//! `hazardous_waste` expertise. Object ids are `K001`…, `S001`…, `G001`….

use std::collections::BTreeSet;

use crate::model::{Category, DateRange, Inspector, Jurisdiction, Level, Registry, RegulatedObject};

/// The prefecture's id in [`county`].
pub const PREFECTURE: &str = "changji";
/// The county's id in [`county`].
pub const COUNTY: &str = "changji/hutubi";

/// A prefecture with one county holding `key`, `special` and `general`
/// objects, and `officers` officers in each bureau (capacity 60 a quarter).
pub fn county(key: usize, special: usize, general: usize, officers: usize) -> Registry {
    let jurisdictions = vec![
        Jurisdiction { id: PREFECTURE.into(), name: "昌吉州".into(), level: Level::Prefecture, parent: None },
        Jurisdiction {
            id: COUNTY.into(),
            name: "呼图壁县".into(),
            level: Level::County,
            parent: Some(PREFECTURE.into()),
        },
    ];
    let mut objects = Vec::with_capacity(key + special + general);
    for (prefix, n, category) in
        [("K", key, Category::Key), ("S", special, Category::Special), ("G", general, Category::General)]
    {
        objects.extend((1..=n).map(|i| RegulatedObject::new(format!("{prefix}{i:03}"), COUNTY, category)));
    }
    let mut inspectors = Vec::with_capacity(2 * officers);
    for (prefix, unit) in [("H", COUNTY), ("Z", PREFECTURE)] {
        for i in 1..=officers {
            let mut p = Inspector::officer(format!("{prefix}-{i:02}"), unit, 60);
            if i <= 2 {
                p.expertise = BTreeSet::from(["radiation".to_owned(), "hazardous_waste".to_owned()]);
            }
            inspectors.push(p);
        }
    }
    Registry { jurisdictions, objects, inspectors }
}

/// Makes the first objects of `category` (by id) members of the radiation
/// pool (`radiation`) and of the hazardous-waste pool (`waste`), with the
/// given category in that pool.
pub fn with_pools(mut registry: Registry, category: Category, radiation: usize, waste: usize) -> Registry {
    let mut of_category: Vec<&mut RegulatedObject> =
        registry.objects.iter_mut().filter(|o| o.category == category).collect();
    for (i, o) in of_category.iter_mut().enumerate() {
        if i < radiation {
            o.radiation = Some(category);
        }
        if i < waste {
            o.hazardous_waste = Some(category);
        }
    }
    registry
}

/// Puts the first `n` objects (by id) of `category` on the positive list
/// (正面清单) for `listed`.
pub fn with_positive_list(mut registry: Registry, category: Category, n: usize, listed: DateRange) -> Registry {
    for o in registry.objects.iter_mut().filter(|o| o.category == category).take(n) {
        o.positive_list = Some(listed);
    }
    registry
}
