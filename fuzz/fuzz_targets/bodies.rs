//! The `bodies` target: see `shuangsuiji_fuzz_targets::bodies`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::bodies::run(data));
