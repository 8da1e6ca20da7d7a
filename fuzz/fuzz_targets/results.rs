//! The `results` target: see `shuangsuiji_fuzz_targets::results`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::results::run(data));
