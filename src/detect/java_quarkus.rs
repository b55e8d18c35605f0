//! Quarkus applications: `quarkus-maven-plugin` with its `build` goal packages a fast-jar
//! (`target/quarkus-app`, started with `java -jar quarkus-run.jar`) unless
//! `quarkus.package.jar.type` (or the older `quarkus.package.type`) asks for an `uber-jar`
//! (`<finalName>-runner.jar`). Quarkus listens on 0.0.0.0:8080 in production mode;
//! `quarkus.http.port` in `application.properties` changes the port.

use crate::repo::{self, RepoError, Tree};

/// The keys that choose the packaging, newest first.
const JAR_TYPE_KEYS: [&str; 2] = ["quarkus.package.jar.type", "quarkus.package.type"];

/// How the build packages a Quarkus application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packaging {
    FastJar,
    UberJar,
    /// `legacy-jar`, `mutable-jar`, `native`…: msb builds only the two above.
    Other(String),
}

fn property<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let line = line.trim_start();
        let rest = line.strip_prefix(key)?.trim_start();
        let value = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':'))?;
        Some(value.trim())
    })
}

/// The packaging of the module in `dir`: a POM property (passed to the build as a system
/// property, so it wins) or the module's `application.properties`.
///
/// # Errors
/// `application.properties` cannot be read.
pub fn packaging(
    tree: &dyn Tree,
    dir: &str,
    from_pom: Option<String>,
) -> Result<(Packaging, Option<String>), RepoError> {
    let file = repo::join(dir, "src/main/resources/application.properties");
    let (value, source) = match from_pom {
        Some(v) => (Some(v), None),
        None => {
            let text = tree.read(&file)?.unwrap_or_default();
            let found = JAR_TYPE_KEYS
                .iter()
                .find_map(|k| property(&text, k))
                .map(str::to_string);
            let source = found.is_some().then_some(file);
            (found, source)
        }
    };
    let kind = match value.as_deref() {
        None | Some("fast-jar" | "jar") => Packaging::FastJar,
        Some("uber-jar") => Packaging::UberJar,
        Some(other) => Packaging::Other(other.to_string()),
    };
    Ok((kind, source))
}

/// The POM property that sets the packaging, if any.
pub fn pom_jar_type(property: impl Fn(&str) -> Option<String>) -> Option<String> {
    JAR_TYPE_KEYS.iter().find_map(|k| property(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::MemTree;

    fn of(props: &str, pom: Option<&str>) -> Packaging {
        let tree = MemTree::new().with("svc/src/main/resources/application.properties", props);
        packaging(&tree, "svc", pom.map(str::to_string)).unwrap().0
    }

    #[test]
    fn fast_jar_is_the_default() {
        assert_eq!(of("greeting=hi\n", None), Packaging::FastJar);
        assert_eq!(
            packaging(&MemTree::new(), "", None).unwrap(),
            (Packaging::FastJar, None)
        );
    }

    #[test]
    fn application_properties_and_pom_choose_the_packaging() {
        assert_eq!(
            of("quarkus.package.jar.type=uber-jar\n", None),
            Packaging::UberJar
        );
        assert_eq!(
            of("quarkus.package.type = uber-jar\n", None),
            Packaging::UberJar
        );
        assert_eq!(
            of("%prod.quarkus.package.jar.type=uber-jar\n", None),
            Packaging::FastJar
        );
        assert_eq!(
            of("quarkus.package.jar.type=uber-jar\n", Some("fast-jar")),
            Packaging::FastJar
        );
        assert_eq!(
            of("quarkus.package.jar.type=legacy-jar\n", None),
            Packaging::Other("legacy-jar".into())
        );
    }
}
