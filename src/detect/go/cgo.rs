//! Whether a module needs cgo: a dependency that builds only with it, or a file that
//! imports "C".

use crate::detect::Evidence;
use crate::detect::gomod::GoMod;

/// Modules that only build with cgo.
const CGO_MODULES: &[&str] = &[
    "github.com/mattn/go-sqlite3",
    "github.com/confluentinc/confluent-kafka-go",
    "github.com/confluentinc/confluent-kafka-go/v2",
    "github.com/linxGnu/grocksdb",
    "github.com/tecbot/gorocksdb",
    "github.com/h2non/bimg",
    "gopkg.in/gographics/imagick.v3",
];

pub(super) fn cgo_reason(module: &GoMod, sources: &[Vec<(String, String)>]) -> Option<Evidence> {
    if let Some(required) = module
        .requires
        .iter()
        .find(|r| CGO_MODULES.contains(&r.as_str()))
    {
        return Some(Evidence::new(
            "go.mod",
            None,
            format!("requires {required}, which builds only with cgo"),
        ));
    }
    sources.iter().flatten().find_map(|(path, text)| {
        text.lines()
            .position(|l| {
                let l = l.trim();
                l == "import \"C\"" || l == "\"C\""
            })
            .map(|i| Evidence::new(path, Some(i + 1), "imports \"C\": the program uses cgo"))
    })
}
