//! The README's reference tables match the code: the template context (every field of the
//! plan as serialised, with its type), the msb.toml keys, and the template files.

mod support;

use std::collections::BTreeMap;

use clap::Parser;
use msb::cli::{Cli, Command};
use msb::quote::Fragment;
use msb::render::templates::{TemplateSet, file_names};
use msb::settings::prompt::NoPrompt;
use serde_json::Value;

fn readme() -> String {
    std::fs::read_to_string(format!("{}/README.md", support::ROOT)).unwrap()
}

/// The rows of the markdown table between `<!-- NAME:start -->` and `<!-- NAME:end -->`,
/// each as its cells with backticks removed from the first.
fn table(readme: &str, name: &str) -> Vec<Vec<String>> {
    let start = format!("<!-- {name}:start -->");
    let end = format!("<!-- {name}:end -->");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("{start} in README"));
    let to = readme
        .find(&end)
        .unwrap_or_else(|| panic!("{end} in README"));
    readme[from + start.len()..to]
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let mut cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            cells[0] = cells[0].trim_matches('`').to_string();
            cells
        })
        .collect()
}

/// Every plan the fixtures produce, with the optional fields no fixture fills yet filled
/// in, so the whole shape is seen.
fn plans() -> Vec<Value> {
    let mut out = Vec::new();
    for case in support::cases() {
        for runtime in &case.runtimes {
            let mut argv = vec!["msb", "plan", "--runtime", runtime];
            argv.extend(case.args.iter().map(String::as_str));
            let Command::Plan(args) = Cli::try_parse_from(&argv).unwrap().command else {
                unreachable!()
            };
            let (tree, dir) = msb::open_context(&case.project_dir()).unwrap();
            let (mut plan, _) = msb::generate_at(
                &tree,
                &dir,
                &args.choices.overrides(),
                &mut NoPrompt,
                &TemplateSet::embedded(),
            )
            .unwrap();
            out.push(serde_json::to_value(&plan).unwrap());
            plan.runtime.cmd = Some(Fragment::fixed("[\"--serve\"]"));
            plan.warnings.push("a warning".into());
            out.push(serde_json::to_value(&plan).unwrap());
        }
    }
    out
}

#[derive(Default)]
struct Field {
    kinds: Vec<&'static str>,
    /// Times the field was present, and times its parent was.
    present: usize,
    parent_present: usize,
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn walk(value: &Value, path: &str, fields: &mut BTreeMap<String, Field>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let field = fields.entry(child_path.clone()).or_default();
                field.present += 1;
                if !field.kinds.contains(&kind(child)) {
                    field.kinds.push(kind(child));
                }
                walk(child, &child_path, fields);
            }
            // Count the parent for every field ever seen under it, present or not.
            let prefix = if path.is_empty() {
                String::new()
            } else {
                format!("{path}.")
            };
            for (name, field) in fields.iter_mut() {
                let direct = name
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('.') && !rest.contains("[]"));
                if direct {
                    field.parent_present += 1;
                }
            }
        }
        Value::Array(items) => {
            let element = format!("{path}[]");
            for item in items {
                let field = fields.entry(element.clone()).or_default();
                field.present += 1;
                field.parent_present += 1;
                if !field.kinds.contains(&kind(item)) {
                    field.kinds.push(kind(item));
                }
                walk(item, &element, fields);
            }
        }
        _ => {}
    }
}

#[test]
fn template_context_table_lists_every_field_with_its_type() {
    let mut fields = BTreeMap::new();
    // Fields seen in a later plan are counted as absent from the earlier ones by walking
    // twice: the first pass learns every name.
    let plans = plans();
    for plan in &plans {
        walk(plan, "", &mut fields);
    }
    for field in fields.values_mut() {
        field.present = 0;
        field.parent_present = 0;
    }
    for plan in &plans {
        walk(plan, "", &mut fields);
    }
    // A list of objects is documented by its fields (`args[].name`), not by `args[]`.
    let expected: BTreeMap<String, String> = fields
        .iter()
        .filter(|(path, f)| !(path.ends_with("[]") && f.kinds == ["object"]))
        .map(|(path, f)| {
            assert_eq!(f.kinds.len(), 1, "{path} has several types: {:?}", f.kinds);
            let optional = !path.ends_with("[]") && f.present < f.parent_present;
            let ty = format!("{}{}", f.kinds[0], if optional { ", optional" } else { "" });
            (path.clone(), ty)
        })
        .collect();
    let documented: BTreeMap<String, String> = table(&readme(), "template-context")
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone()))
        .collect();
    let missing: Vec<String> = expected
        .iter()
        .filter(|(path, ty)| documented.get(*path) != Some(ty))
        .map(|(path, ty)| format!("| `{path}` | {ty} | … |"))
        .collect();
    let stale: Vec<&String> = documented
        .keys()
        .filter(|path| !expected.contains_key(*path))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "README template context is out of date.\nAdd or correct these rows:\n{}\nRemove these: {stale:?}",
        missing.join("\n")
    );
}

#[test]
fn msb_toml_table_lists_every_key_with_its_type() {
    let documented: Vec<(String, String)> = table(&readme(), "msb-toml-keys")
        .into_iter()
        .map(|cells| (cells[0].clone(), cells[1].clone()))
        .collect();
    let keys: Vec<(String, String)> = msb::config::SETTING_KEYS
        .iter()
        .chain([&msb::config::TEMPLATES_KEY])
        .map(|k| (k.name.to_string(), k.expect.to_string()))
        .collect();
    assert_eq!(documented, keys, "README msb.toml table");
}

#[test]
fn init_flags_table_lists_every_flag() {
    use clap::CommandFactory;
    let documented: Vec<String> = table(&readme(), "msb-init-flags")
        .into_iter()
        .map(|cells| cells[0].clone())
        .collect();
    let cli = msb::cli::Cli::command();
    let init = cli.find_subcommand("init").expect("init subcommand");
    let missing: Vec<String> = init
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter(|long| *long != "help")
        .map(|long| format!("--{long}"))
        .filter(|flag| {
            !documented
                .iter()
                .any(|row| row.split([' ', '`', ',']).any(|word| word == flag))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README `msb init` flags table lacks {missing:?}"
    );
}

#[test]
fn every_template_file_is_described() {
    let readme = readme();
    for name in file_names() {
        assert!(
            readme.contains(&format!("\n{name} ")),
            "README (Customising the templates) does not describe {name}"
        );
    }
}
