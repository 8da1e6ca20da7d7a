//! The `documents` target: see `shuangsuiji_fuzz_targets::documents`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::documents::run(data));
