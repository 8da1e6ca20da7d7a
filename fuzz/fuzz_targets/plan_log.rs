//! The `plan_log` target: see `shuangsuiji_fuzz_targets::plan_log`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::plan_log::run(data));
