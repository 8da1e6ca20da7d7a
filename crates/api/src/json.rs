//! A plan's JSON, its tasks written on every core.
//!
//! A national plan is 270 k tasks and 232 MB of pretty JSON: a third of a
//! second on one core. Each task's text depends only on the task and its
//! depth in the document, so slices of the tasks are written at once, each
//! with a pretty formatter that starts at the depth of the plan's task
//! list, and joined in order. The result is the bytes
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
pub(crate) fn plan_json(plan: &QuarterPlan) -> io::Result<String> {
    let mut json = String::new();
    write_plan(plan, &mut json)?;
    Ok(json)
}

/// The same text written to `out`, never held whole.
pub(crate) fn write_plan_json(plan: &QuarterPlan, out: &mut dyn Write) -> io::Result<()> {
    write_plan(plan, &mut Out(out))
}

/// Where a plan's text goes.
trait Sink {
    fn put(&mut self, text: &str) -> io::Result<()>;
}

impl Sink for String {
    fn put(&mut self, text: &str) -> io::Result<()> {
        self.push_str(text);
        Ok(())
    }
}

struct Out<'a>(&'a mut dyn Write);

impl Sink for Out<'_> {
    fn put(&mut self, text: &str) -> io::Result<()> {
        self.0.write_all(text.as_bytes())
    }
}

fn write_plan(plan: &QuarterPlan, sink: &mut dyn Sink) -> io::Result<()> {
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
    let head = serde_json::to_string_pretty(&head).map_err(io::Error::other)?;
    let open = match head.strip_suffix("[]\n}") {
        Some(open) if !plan.tasks.is_empty() => open,
        // No task, or not the shape expected (never for this type): the plain way.
        _ => return sink.put(&(serde_json::to_string_pretty(plan).map_err(io::Error::other)? + "\n")),
    };
    sink.put(open)?;
    sink.put("[")?;
    let mut first = true;
    for_each_wave(&plan.tasks, |slices| {
        for slice in slices {
            if !first {
                sink.put(",")?;
            }
            first = false;
            sink.put(&slice)?;
        }
        Ok(())
    })?;
    sink.put("\n  ]\n}\n")
}

/// Hands `take` the slices of each wave of `tasks` in order, a wave at a
/// time so that only a wave's text is held at once, each wave taken while
/// the next is written on a thread of its own. Called from a worker of
/// rayon's pool, or when no thread can be started, the waves are written
/// here: a worker blocked on the channel would run none of the jobs the
/// writing thread hands the pool, and with every worker so blocked nothing
/// would.
fn for_each_wave(tasks: &[Task], mut take: impl FnMut(Vec<String>) -> io::Result<()>) -> io::Result<()> {
    let here = |take: &mut dyn FnMut(Vec<String>) -> io::Result<()>| {
        tasks.chunks(SLICE * WAVE).try_for_each(|wave| take(write_wave(wave)?))
    };
    if rayon::current_thread_index().is_some() {
        return here(&mut take);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let producer = std::thread::Builder::new().name("ssj-plan-json".into()).spawn_scoped(scope, move || {
            for wave in tasks.chunks(SLICE * WAVE) {
                // A closed channel: the taker stopped on an error of its own.
                if tx.send(write_wave(wave)).is_err() {
                    break;
                }
            }
        });
        if producer.is_err() {
            return here(&mut take);
        }
        rx.into_iter().try_for_each(|slices| take(slices?))
    })
}

/// A wave's slices, each on its own core. Every result is kept and the
/// first failure in order taken, so the error does not depend on which
/// thread failed first.
fn write_wave(wave: &[Task]) -> io::Result<Vec<String>> {
    let slices: Vec<Result<String, _>> = wave.par_chunks(SLICE).map(write_slice).collect();
    slices.into_iter().map(|s| s.map_err(io::Error::other)).collect()
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
            let expected = expected(&plan);
            assert_eq!(plan_json(&plan).unwrap(), expected, "{n} tasks");
            let mut file = Vec::new();
            write_plan_json(&plan, &mut file).unwrap();
            assert_eq!(file, expected.as_bytes(), "{n} tasks, written");
        }
    }

    /// A disk that fills after `room` bytes.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if buf.len() > self.room {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_worker_of_the_pool_at_once_writes_the_plan_itself() {
        let demo = crate::plan(crate::demo_request().unwrap(), None).unwrap().plan;
        let mut plan = demo.clone();
        plan.tasks = demo.tasks.iter().cycle().take(SLICE * WAVE + 5).cloned().collect();
        // On every worker of the global pool at once: had each handed its
        // waves to a writing thread, their jobs would wait for a worker
        // while every worker waited for them.
        let written = rayon::broadcast(|_| plan_json(&plan).unwrap());
        let expected = expected(&plan);
        assert!(written.iter().all(|json| *json == expected));
    }

    #[test]
    fn a_failing_writer_stops_the_writing_with_its_error() {
        let demo = crate::plan(crate::demo_request().unwrap(), None).unwrap().plan;
        let mut plan = demo.clone();
        plan.tasks = demo.tasks.iter().cycle().take(SLICE * WAVE * 3).cloned().collect();
        for room in [0, 10_000, 60_000_000] {
            let error = write_plan_json(&plan, &mut Full { room }).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::StorageFull, "room {room}");
        }
    }
}
