//! The final stage, shared by every language: base image, non-root user, copied files,
//! environment, port and start command.

use serde::Serialize;

use super::images;
use crate::language::Runtime;
use crate::quote::Fragment;

/// A user msb creates in a runtime that has a user database and a shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateUser {
    /// Created with busybox `addgroup`/`adduser` (Alpine) instead of `groupadd`/`useradd`.
    pub busybox: bool,
    pub uid: u32,
    pub gid: u32,
    pub name: &'static str,
}

/// `COPY --from=<from> [--chown=<uid:gid>] <src> <dest>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyFrom {
    pub from: &'static str,
    pub src: Fragment,
    pub dest: Fragment,
    /// Numeric `uid:gid` owning the copy, for files the program must write to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chown: Option<String>,
}

impl CopyFrom {
    #[must_use]
    pub fn fixed(from: &'static str, src: &'static str, dest: &'static str) -> Self {
        Self::new(from, Fragment::fixed(src), Fragment::fixed(dest))
    }

    /// A copy owned by root, like every file the program only reads.
    #[must_use]
    pub fn new(from: &'static str, src: Fragment, dest: Fragment) -> Self {
        Self {
            from,
            src,
            dest,
            chown: None,
        }
    }
}

/// `ENV <name>=<value>`, the value already quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvVar {
    pub name: &'static str,
    pub value: Fragment,
}

/// The stage that installs Debian's static tini for PID 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TiniStage {
    pub image: &'static str,
    pub package: &'static str,
    pub source: &'static str,
    pub path: &'static str,
}

impl TiniStage {
    #[must_use]
    pub fn debian() -> Self {
        Self {
            image: images::TINI_IMAGE,
            package: images::TINI_PACKAGE,
            source: images::TINI_SOURCE,
            path: images::TINI_PATH,
        }
    }

    /// The copy that puts tini into the final image.
    #[must_use]
    pub fn copy(&self) -> CopyFrom {
        CopyFrom::fixed("tini", images::TINI_SOURCE, images::TINI_PATH)
    }
}

/// System packages the final image installs (shared libraries, never compilers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimePackages {
    /// Installed with `apk` (Alpine) instead of `apt-get`.
    pub apk: bool,
    /// Package names from msb's own tables, never from the repository.
    pub names: Vec<&'static str>,
    /// Why the image needs them.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuntimeStage {
    pub kind: Runtime,
    /// The `FROM` image, or `scratch`.
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub packages: Option<RuntimePackages>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_user: Option<CreateUser>,
    pub copies: Vec<CopyFrom>,
    pub env: Vec<EnvVar>,
    /// The working directory the program starts in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workdir: Option<Fragment>,
    /// Numeric `uid:gid` for the `USER` instruction.
    pub user: String,
    pub expose: u16,
    /// Exec-form JSON array.
    pub entrypoint: Fragment,
    /// Exec-form JSON array, when the image has default arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmd: Option<Fragment>,
}

impl RuntimeStage {
    /// A final stage on `image` with the non-root user that runtime calls for.
    #[must_use]
    pub fn new(kind: Runtime, image: &str, expose: u16, entrypoint: Fragment) -> Self {
        let (create_user, uid) = match kind {
            Runtime::Distroless | Runtime::Scratch => (None, images::DISTROLESS_UID),
            Runtime::Slim | Runtime::Jre => (Some(created(false)), images::CREATED_UID),
            Runtime::Alpine => (Some(created(true)), images::CREATED_UID),
        };
        Self {
            kind,
            image: image.to_string(),
            packages: None,
            create_user,
            copies: Vec::new(),
            env: Vec::new(),
            workdir: None,
            user: format!("{uid}:{uid}"),
            expose,
            entrypoint,
            cmd: None,
        }
    }
}

fn created(busybox: bool) -> CreateUser {
    CreateUser {
        busybox,
        uid: images::CREATED_UID,
        gid: images::CREATED_UID,
        name: "app",
    }
}
