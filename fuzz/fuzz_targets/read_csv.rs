//! The `read_csv` target: see `shuangsuiji_fuzz_targets::read_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shuangsuiji_fuzz_targets::read_csv::run(data));
