//! The `policy` target: see `shuangsuiji_fuzz_targets::policy`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::policy::run(data));
