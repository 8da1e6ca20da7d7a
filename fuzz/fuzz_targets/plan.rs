//! The `plan` target: see `shuangsuiji_fuzz_targets::plan`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::plan::run(data));
