//! detect → plan → render over an arbitrary small file set (`== path` headers).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    msb::fuzzing::whole_path(data);
});
