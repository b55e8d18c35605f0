//! Angular: the application project in `angular.json`, its browser output directory, or the
//! SSR server it builds.

use super::Found;
use crate::detect::{DetectError, Evidence};
use crate::repo::{self, Tree};

pub(super) fn detect(tree: &dyn Tree, dir: &str, found: &mut Found) -> Result<(), DetectError> {
    let path = repo::join(dir, "angular.json");
    let Some(text) = tree.read(&path)? else {
        return Ok(());
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| crate::detect::ManifestError::json(&path, &e))?;
    let projects = json.get("projects").and_then(|p| p.as_object());
    let Some((name, project)) = projects.and_then(|p| {
        p.iter()
            .find(|(_, v)| v.get("projectType").and_then(|t| t.as_str()) == Some("application"))
    }) else {
        return Ok(());
    };
    let build = project.pointer("/architect/build");
    let builder = build
        .and_then(|b| b.get("builder"))
        .and_then(|b| b.as_str())
        .unwrap_or("");
    let options = build.and_then(|b| b.get("options"));
    let application = builder.ends_with(":application");
    let output = match options.and_then(|o| o.get("outputPath")) {
        Some(serde_json::Value::String(s)) if application => format!("{s}/browser"),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Object(o)) => {
            let base = o.get("base").and_then(|b| b.as_str()).unwrap_or("dist");
            match o.get("browser").and_then(|b| b.as_str()) {
                Some("") => base.to_string(),
                Some(browser) => format!("{base}/{browser}"),
                None => format!("{base}/browser"),
            }
        }
        _ => format!("dist/{name}/browser"),
    };
    let output = output
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_string();
    let ssr = options.is_some_and(|o| o.get("ssr").is_some_and(|s| !s.is_boolean() || s == true));
    let line = crate::detect::line_of(&text, text.find("outputPath").unwrap_or(0));
    if ssr {
        let server = output
            .strip_suffix("/browser")
            .map_or_else(|| format!("{output}/server"), |b| format!("{b}/server"));
        found.server_start = Some((
            vec!["node".into(), format!("{server}/server.mjs")],
            Evidence::new(
                &path,
                Some(line),
                "server-side rendering: runs the Angular SSR server",
            ),
        ));
    } else {
        found.static_output = Some((
            output.clone(),
            Evidence::new(
                &path,
                Some(line),
                format!("application {name} builds to {output}"),
            ),
        ));
    }
    Ok(())
}
