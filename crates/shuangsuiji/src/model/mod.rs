//! The records: the two libraries (两库), the jurisdiction tree, the year's
//! history, and their validation.
//!
//! * the **object library** (检查对象名录库 / 污染源库): [`RegulatedObject`];
//! * the **inspector library** (执法检查人员名录库 / 人员信息库): [`Inspector`];
//! * the **jurisdiction tree** (州/市 → 县/区/市, 园区): [`Jurisdiction`];
//! * the **history** of inspections already done this year: [`Inspection`];
//! * the domain's labels ([`Category`] 重点/特殊/一般, [`Status`], [`Pool`],
//!   [`Role`], [`Credit`]), whose `FromStr` accepts the Chinese words;
//! * [`SharedId`], an id many records repeat (an object's jurisdiction),
//!   stored once.
//!
//! Everything here is plain data, save one helper of the lookups over it
//! (`id_filter`, a bit per id that rules most non-members out). Nothing
//! alters a record: [`validate`] only reports, naming list, index, id and
//! field of every fault at once. This layer uses no other module of the
//! crate.

pub(crate) mod format;
pub(crate) mod id_filter;
mod records;
mod shared_id;
pub mod validate;

pub use records::*;
pub use shared_id::{SharedId, SharedIds};
