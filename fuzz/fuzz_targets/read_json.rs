//! The `read_json` target: see `shuangsuiji_fuzz_targets::read_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::read_json::run(data));
