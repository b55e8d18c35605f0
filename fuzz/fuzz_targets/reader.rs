//! One manifest reader: the input becomes the file that `MSB_FUZZ_READER` names in
//! `fuzz/readers.toml`, beside that entry's fixed files, and the whole pipeline runs.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use msb::fuzzing::{Reader, read_one, readers};

static READER: LazyLock<Reader> = LazyLock::new(|| {
    let all = readers(include_str!("../readers.toml"));
    let wanted = std::env::var("MSB_FUZZ_READER").unwrap_or_else(|_| all[0].name.clone());
    all.into_iter()
        .find(|r| r.name == wanted)
        .unwrap_or_else(|| panic!("MSB_FUZZ_READER={wanted} is not in fuzz/readers.toml"))
});

fuzz_target!(|data: &[u8]| {
    read_one(&READER, data);
});
