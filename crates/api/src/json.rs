//! The JSON of a plan or a request, its longest list written on every core.
//!
//! A national plan is 270 k tasks and 232 MB of pretty JSON, its request
//! 3.5 M objects and a gigabyte: seconds on one core. Each record's text
//! depends only on the record and its depth in the document, so slices of
//! the list are written at once, each with a pretty formatter that starts
//! at the list's depth, and joined in order between the text before the
//! list and the text after it. The result is the bytes
//! `serde_json::to_string_pretty` writes, which the tests check.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;
use shuangsuiji::model::Registry;
use shuangsuiji::plan::QuarterPlan;
use shuangsuiji::request::PlanRequest;
use std::io::{self, Write};

/// Records written by one job: enough to outweigh the handing out.
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

/// The request as [`crate::to_json`] writes it.
pub(crate) fn request_json(request: &PlanRequest) -> io::Result<String> {
    let mut json = String::new();
    write_request(request, &mut json)?;
    Ok(json)
}

/// The same text written to `out`, never held whole.
pub(crate) fn write_request_json(request: &PlanRequest, out: &mut dyn Write) -> io::Result<()> {
    write_request(request, &mut Out(out))
}

/// Where a document's text goes.
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
        draw_date: plan.draw_date,
        late_reason: plan.late_reason.clone(),
        outside_window: plan.outside_window.clone(),
        seed: plan.seed.clone(),
        strata: plan.strata.clone(),
        tasks: Vec::new(),
    };
    let head = pretty(&head)?;
    match head.strip_suffix("[]\n}\n") {
        Some(open) if !plan.tasks.is_empty() => write_spliced(sink, open, &plan.tasks, 2, "\n}\n"),
        // No task, or not the shape expected (never for this type): the plain way.
        _ => sink.put(&pretty(plan)?),
    }
}

/// The registry's empty object list in a pretty request without objects:
/// the first such line after `\n  "registry": {` is the registry's own
/// member, because only the lines directly inside the registry are
/// indented four spaces (its jurisdictions' contents start at six) and a
/// string never holds a raw line break.
const OBJECTS: &str = "\n    \"objects\": []";

fn write_request(request: &PlanRequest, sink: &mut dyn Sink) -> io::Result<()> {
    // Everything but the objects: written as `"objects": []`.
    let registry = &request.registry;
    let head = PlanRequest {
        format: request.format,
        registry: Registry {
            jurisdictions: registry.jurisdictions.clone(),
            objects: Vec::new(),
            inspectors: registry.inspectors.clone(),
        },
        policy: request.policy.clone(),
        units: request.units.clone(),
        quarter: request.quarter,
        month: request.month,
        history: request.history.clone(),
        targeted: request.targeted.clone(),
        campaigns: request.campaigns.clone(),
        seed_rule: request.seed_rule.clone(),
        committed: request.committed.clone(),
        draw_date: request.draw_date,
        late_reason: request.late_reason.clone(),
        seed: request.seed.clone(),
    };
    let head = pretty(&head)?;
    // Where the empty list's `[]` is.
    let registry_at = head.find("\n  \"registry\": {");
    let list_at = registry_at.and_then(|r| Some(r + head.get(r..)?.find(OBJECTS)? + OBJECTS.len() - 2));
    match list_at.and_then(|at| Some((head.get(..at)?, head.get(at + 2..)?))) {
        Some((open, close)) if !registry.objects.is_empty() => write_spliced(sink, open, &registry.objects, 3, close),
        _ => sink.put(&pretty(request)?),
    }
}

/// A document as [`crate::to_json`] writes it.
fn pretty<T: Serialize>(value: &T) -> io::Result<String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(io::Error::other)
}

/// `open` (the document up to its list's `[`, exclusive), the list's
/// `items` at `depth`, then the list's `]` and `close`.
fn write_spliced<T: Serialize + Sync>(
    sink: &mut dyn Sink,
    open: &str,
    items: &[T],
    depth: usize,
    close: &str,
) -> io::Result<()> {
    sink.put(open)?;
    sink.put("[")?;
    let mut first = true;
    for_each_wave(items, depth, |slices| {
        for slice in slices {
            if !first {
                sink.put(",")?;
            }
            first = false;
            sink.put(&slice)?;
        }
        Ok(())
    })?;
    sink.put("\n")?;
    sink.put(&"  ".repeat(depth - 1))?;
    sink.put("]")?;
    sink.put(close)
}

/// Hands `take` the slices of each wave of `items` in order, a wave at a
/// time so that only a wave's text is held at once, each wave taken while
/// the next is written on a thread of its own. Called from a worker of
/// rayon's pool, or when no thread can be started, the waves are written
/// here: a worker blocked on the channel would run none of the jobs the
/// writing thread hands the pool, and with every worker so blocked nothing
/// would.
fn for_each_wave<T: Serialize + Sync>(
    items: &[T],
    depth: usize,
    mut take: impl FnMut(Vec<String>) -> io::Result<()>,
) -> io::Result<()> {
    let here = |take: &mut dyn FnMut(Vec<String>) -> io::Result<()>| {
        items.chunks(SLICE * WAVE).try_for_each(|wave| take(write_wave(wave, depth)?))
    };
    if rayon::current_thread_index().is_some() {
        return here(&mut take);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let producer = std::thread::Builder::new().name("ssj-json".into()).spawn_scoped(scope, move || {
            for wave in items.chunks(SLICE * WAVE) {
                // A closed channel: the taker stopped on an error of its own.
                if tx.send(write_wave(wave, depth)).is_err() {
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
fn write_wave<T: Serialize + Sync>(wave: &[T], depth: usize) -> io::Result<Vec<String>> {
    let slices: Vec<Result<String, _>> = wave.par_chunks(SLICE).map(|slice| write_slice(slice, depth)).collect();
    slices.into_iter().map(|s| s.map_err(io::Error::other)).collect()
}

/// Records as members of a list at `depth`: each on a new line, indented,
/// separated by commas.
fn write_slice<T: Serialize>(items: &[T], depth: usize) -> Result<String, serde_json::Error> {
    let indent = format!("\n{}", "  ".repeat(depth));
    let mut out = Vec::with_capacity(items.len() * 1024);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(indent.as_bytes());
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Pretty::at_depth(depth));
        item.serialize(&mut serializer)?;
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
    use shuangsuiji::plan::Task;

    fn expected<T: Serialize>(document: &T) -> String {
        serde_json::to_string_pretty(document).unwrap() + "\n"
    }

    #[test]
    fn a_request_in_the_bytes_of_serde_json_whatever_its_lists() {
        let demo = crate::demo_request().unwrap();
        // Text that looks like the marker, inside strings: escaped, so
        // never taken for the registry's list.
        let mut odd = demo.registry.objects[0].clone();
        odd.name = "\n    \"objects\": []\n  \"registry\": {".into();
        let mut named = demo.clone();
        named.registry.jurisdictions[0].name = odd.name.clone();
        named.seed = odd.name.clone();
        let objects: Vec<_> = demo.registry.objects.iter().cloned().chain([odd]).collect();
        for (label, base) in [("demo", &demo), ("odd strings", &named)] {
            for n in [0, 1, 2, SLICE - 1, SLICE + 1, SLICE * WAVE + 3] {
                let mut request = base.clone();
                request.registry.objects = objects.iter().cycle().take(n).cloned().collect();
                for bare in [false, true] {
                    if bare {
                        request.registry.jurisdictions.clear();
                        request.registry.inspectors.clear();
                        request.history.clear();
                    }
                    let expected = expected(&request);
                    assert_eq!(request_json(&request).unwrap(), expected, "{label}, {n} objects, bare {bare}");
                    let mut file = Vec::new();
                    write_request_json(&request, &mut file).unwrap();
                    assert_eq!(file, expected.as_bytes(), "{label}, {n} objects, bare {bare}, written");
                }
            }
        }
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
