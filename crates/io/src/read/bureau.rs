//! Two libraries without a jurisdiction table: a county clerk keeps the
//! object library and the inspector library, and the tree is made from the
//! bureau's own name and the areas the libraries name
//! (docs/registry-format.md, "Two libraries, no jurisdiction table").
//!
//! The reading: the bureau is the jurisdiction its name says, at the level
//! given (a county unless told); every other area a library names is a
//! jurisdiction of its own beside it — a park (园区) where its name ends as
//! a park's does, a county otherwise. The core's tree puts counties and
//! parks under a prefecture, so a county's or park's bureau gets a
//! placeholder prefecture above it, [`PLACEHOLDER_ID`], which draws
//! nothing of its own (no object or officer is in it).

use std::collections::BTreeSet;
use std::str::FromStr;

use shuangsuiji::model::{Jurisdiction, Level};

/// The bureau whose two libraries are read: its name and its level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bureau {
    /// The bureau's area as the libraries name it (`呼图壁县`); also its id.
    pub name: String,
    /// Its level.
    pub level: Level,
}

/// The id (and name) of the prefecture above a county's or a park's
/// bureau when no jurisdiction table gives it.
pub const PLACEHOLDER_ID: &str = "上级";

/// How a park's name ends: an area named so is read as a park.
pub const PARK_ENDINGS: [&str; 3] = ["园区", "开发区", "高新区"];

impl FromStr for Bureau {
    type Err = String;

    /// `NAME` (a county) or `NAME:LEVEL`, the level as a jurisdiction table
    /// writes it (`county`/`县`, `park`/`园区`, `prefecture`/`州`).
    fn from_str(s: &str) -> Result<Bureau, String> {
        let (name, level) = match s.rsplit_once([':', '：']) {
            Some((name, level)) => (name.trim(), parse_level(level)?),
            None => (s.trim(), Level::County),
        };
        if name.is_empty() || name == PLACEHOLDER_ID {
            return Err(format!("`{s}`: give the bureau's area by name, e.g. 呼图壁县 or 昌吉州:prefecture"));
        }
        Ok(Bureau { name: name.to_owned(), level })
    }
}

impl Bureau {
    /// The jurisdiction tree of this bureau and the `areas` its libraries
    /// name (each once, blank ones left to the libraries' own errors).
    pub fn tree<'a>(&self, areas: impl Iterator<Item = &'a str>) -> Vec<Jurisdiction> {
        let others: BTreeSet<&str> =
            areas.map(str::trim).filter(|a| !a.is_empty() && *a != self.name && *a != PLACEHOLDER_ID).collect();
        let jurisdiction = |id: &str, level, parent: Option<&str>| Jurisdiction {
            id: id.into(),
            name: id.into(),
            level,
            parent: parent.map(Into::into),
        };
        let (mut tree, top) = match self.level {
            Level::Prefecture => (vec![jurisdiction(&self.name, Level::Prefecture, None)], self.name.as_str()),
            level => (
                vec![
                    jurisdiction(PLACEHOLDER_ID, Level::Prefecture, None),
                    jurisdiction(&self.name, level, Some(PLACEHOLDER_ID)),
                ],
                PLACEHOLDER_ID,
            ),
        };
        for area in others {
            let level = if PARK_ENDINGS.iter().any(|e| area.ends_with(e)) { Level::Park } else { Level::County };
            tree.push(jurisdiction(area, level, Some(top)));
        }
        tree
    }

    /// What the reader says it made, for a notice.
    pub fn said(tree: &[Jurisdiction]) -> String {
        let areas: Vec<String> = tree.iter().map(|j| format!("`{}` ({})", j.id, level_word(j.level))).collect();
        format!(
            "no jurisdiction table: the tree is made from the bureau's name and the libraries' areas: {}",
            areas.join(", ")
        )
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Prefecture => "prefecture",
        Level::County => "county",
        Level::Park => "park",
    }
}

/// A level as a jurisdiction table (or `--bureau`) writes it.
pub(crate) fn parse_level(value: &str) -> Result<Level, String> {
    match value.trim() {
        "prefecture" | "州/市" | "州" | "市" | "地区" | "州市" => Ok(Level::Prefecture),
        "county" | "县/区/市" | "县" | "区" | "县级市" | "县区" | "县市" => Ok(Level::County),
        "park" | "园区" | "开发区" | "高新区" | "工业园区" => Ok(Level::Park),
        _ => Err(format!(
            "`{value}` is not a valid level; expected one of: prefecture/州/市, county/县/区/市, park/园区"
        )),
    }
}
