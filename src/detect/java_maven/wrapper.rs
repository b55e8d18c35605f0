//! The Maven wrapper: whether `./mvnw` can run the build, or the maven image must.

use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;

/// Whether the build runs `./mvnw`: the script and `.mvn/wrapper` both exist.
pub(super) fn wrapper(
    tree: &dyn Tree,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<bool, DetectError> {
    let mvnw = tree.is_file("mvnw")?;
    let wrapper = mvnw && tree.is_dir(".mvn/wrapper")?;
    evidence.push(Evidence::new(
        "mvnw",
        None,
        if wrapper {
            "Maven wrapper: the build runs ./mvnw on a JDK image"
        } else {
            "no Maven wrapper: the build runs mvn from the maven image"
        },
    ));
    if mvnw && !wrapper {
        warnings.push(
            "mvnw exists but .mvn/wrapper does not; msb builds with the maven image instead".into(),
        );
    }
    Ok(wrapper)
}
