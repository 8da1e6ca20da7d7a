//! A plan's JSON, its tasks written on every core.
//!
//! A national plan is 270 k tasks and a quarter of a gigabyte of pretty
//! JSON: a third of a second on one core. Each task's text depends only on
//! the task and its depth in the document, so slices of the tasks are
//! written at once, each with a pretty formatter that starts at the depth
//! of the plan's task list, and joined in order. The result is the bytes
//! `serde_json::to_string_pretty` writes, which the tests check.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;
use shuangsuiji::plan::{QuarterPlan, Task};
use std::io::{self, Write};

/// Tasks written by one job: enough to outweigh the handing out.
const SLICE: usize = 4096;

/// Slices written at once (some 50 MB of a national plan's text).
const WAVE: usize = 16;

/// The plan as [`crate::to_json`] writes it (pretty, a final newline).
pub(crate) fn plan_json(plan: &QuarterPlan) -> Result<String, serde_json::Error> {
    // Everything but the tasks, the last member: written as `"tasks": []`.
    let head = QuarterPlan {
        format: plan.format,
        policy: plan.policy.clone(),
        assumptions: plan.assumptions.clone(),
        quarter: plan.quarter,
        month: plan.month,
        units: plan.units.clone(),
        commitment: plan.commitment.clone(),
        seed_rule: plan.seed_rule.clone(),
        seed: plan.seed.clone(),
        strata: plan.strata.clone(),
        tasks: Vec::new(),
    };
    let head = serde_json::to_string_pretty(&head)?;
    let Some(open) = head.strip_suffix("[]\n}") else {
        // Not the shape expected (never for this type): the plain way.
        return serde_json::to_string_pretty(plan).map(|s| s + "\n");
    };
    if plan.tasks.is_empty() {
        return Ok(head + "\n");
    }
    let mut json = String::from(open);
    json.push('[');
    // A wave of slices at a time, so that only a wave's text is held twice,
    // each wave appended while the next is written.
    let mut waves = plan.tasks.chunks(SLICE * WAVE);
    let mut pending = waves.next().map(write_wave).transpose()?;
    while let Some(slices) = pending.take() {
        let ((), next) = rayon::join(|| append(&mut json, slices), || waves.next().map(write_wave).transpose());
        pending = next?;
    }
    json.push_str("\n  ]\n}\n");
    Ok(json)
}

/// A wave's slices, each on its own core. Every result is kept and the
/// first failure in order taken, so the error does not depend on which
/// thread failed first.
fn write_wave(wave: &[Task]) -> Result<Vec<String>, serde_json::Error> {
    let slices: Vec<Result<String, _>> = wave.par_chunks(SLICE).map(write_slice).collect();
    slices.into_iter().collect()
}

/// `slices` after the tasks already in `json`, a comma before each.
fn append(json: &mut String, slices: Vec<String>) {
    for slice in slices {
        // The list's first member follows its `[`; a task ends with `}`.
        if !json.ends_with('[') {
            json.push(',');
        }
        json.push_str(&slice);
    }
}

/// Tasks as members of the plan's task list: each on a new line, indented
/// to depth 2, separated by commas.
fn write_slice(tasks: &[Task]) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(tasks.len() * 1024);
    for (i, task) in tasks.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"\n    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Pretty::at_depth(2));
        task.serialize(&mut serializer)?;
    }
    // serde_json writes UTF-8; checked here, on the slice's own core.
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// serde_json's pretty formatter (two spaces a level), started at a depth.
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    fn at_depth(depth: usize) -> Pretty {
        Pretty { depth, has_value: false }
    }

    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    fn member<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.member(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.member(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(plan: &QuarterPlan) -> String {
        serde_json::to_string_pretty(plan).unwrap() + "\n"
    }

    #[test]
    fn the_bytes_of_serde_json_for_no_task_one_slice_and_many_waves() {
        let demo = crate::plan(crate::demo_request().unwrap(), None).unwrap().plan;
        // A task with empty lists and sets, and one with none of its options.
        let mut bare = demo.tasks[0].clone();
        bare.targeted.clear();
        bare.pools.clear();
        bare.expertise.clear();
        bare.check_items.clear();
        bare.mode_reason = None;
        let tasks: Vec<Task> = demo.tasks.iter().cloned().chain([bare]).collect();
        for n in [0, 1, 2, SLICE - 1, SLICE, SLICE + 1, SLICE * WAVE, SLICE * WAVE + 3] {
            let mut plan = demo.clone();
            plan.tasks = tasks.iter().cycle().take(n).cloned().collect();
            assert_eq!(plan_json(&plan).unwrap(), expected(&plan), "{n} tasks");
        }
    }
}
