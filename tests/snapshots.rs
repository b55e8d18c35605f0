//! One reviewed snapshot per fixture and runtime variant: the plan and every file msb writes.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use clap::Parser;
use msb::cli::{Cli, Command};
use msb::render::templates::TemplateSet;
use msb::settings::prompt::NoPrompt;

fn render_case(case: &support::Case, runtime: &str) -> String {
    let mut argv: Vec<String> = vec![
        "msb".into(),
        "init".into(),
        "--yes".into(),
        "--runtime".into(),
        runtime.into(),
    ];
    argv.extend(case.args.iter().cloned());
    let Command::Init(args) = Cli::try_parse_from(&argv).expect("case args parse").command else {
        unreachable!("init")
    };
    let (tree, dir) = msb::open_context(&case.project_dir()).expect("fixture dir");
    let (plan, files) = msb::generate_at(
        &tree,
        &dir,
        &args.choices.overrides(),
        &mut NoPrompt,
        &TemplateSet::embedded(),
    )
    .unwrap_or_else(|e| panic!("{} @ {runtime}: {e}", case.name()));
    let mut out = format!(
        "$ {}\n\n== plan ==\n{}",
        argv[1..].join(" "),
        msb::report::plan(&plan)
    );
    for file in files {
        out.push_str(&format!("\n== {} ==\n{}", file.path, file.contents));
    }
    out
}

fn snapshot_dir() -> String {
    format!("{}/snapshots", support::ROOT)
}

#[test]
fn every_case_matches_its_snapshot() {
    let cases = support::cases();
    assert!(!cases.is_empty());
    for case in &cases {
        for runtime in &case.runtimes {
            let content = render_case(case, runtime);
            insta::with_settings!({
                snapshot_path => snapshot_dir(),
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(format!("{}@{runtime}", case.name()), content);
            });
        }
    }
}

#[test]
fn every_fixture_has_a_case_and_every_snapshot_a_case() {
    let cases = support::cases();
    let used: BTreeSet<&str> = cases.iter().map(|c| c.fixture.as_str()).collect();
    for entry in std::fs::read_dir(support::fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            used.contains(name.as_str()),
            "fixture {name} has no case in tests/cases"
        );
    }
    let expected: BTreeSet<String> = cases
        .iter()
        .flat_map(|c| {
            c.runtimes
                .iter()
                .map(move |r| format!("{}@{r}.snap", c.name()))
        })
        .collect();
    for entry in std::fs::read_dir(Path::new(&snapshot_dir())).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".snap") {
            assert!(
                expected.contains(&name),
                "snapshot {name} belongs to no case"
            );
        }
    }
}

#[test]
fn output_is_deterministic() {
    for case in support::cases().iter().take(3) {
        assert_eq!(
            render_case(case, "distroless"),
            render_case(case, "distroless")
        );
    }
}
