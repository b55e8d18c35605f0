//! Python distributions that compile against system libraries when pip builds them: the
//! build tools and headers the dependency stage needs (Debian and Alpine names), and the
//! shared libraries the final image keeps.

/// One distribution's system packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Native {
    pub name: &'static str,
    /// Why, in a few words, for notes.
    pub library: &'static str,
    pub debian_build: &'static [&'static str],
    pub debian_runtime: &'static [&'static str],
    pub alpine_build: &'static [&'static str],
    pub alpine_runtime: &'static [&'static str],
}

const DEBIAN_CC: &[&str] = &["gcc", "libc6-dev"];

pub const TABLE: &[Native] = &[
    Native {
        name: "psycopg2",
        library: "libpq",
        debian_build: &["libpq-dev"],
        debian_runtime: &["libpq5"],
        alpine_build: &["libpq-dev"],
        alpine_runtime: &["libpq"],
    },
    Native {
        name: "psycopg",
        library: "libpq (loaded at run time)",
        debian_build: &[],
        debian_runtime: &["libpq5"],
        alpine_build: &[],
        alpine_runtime: &["libpq"],
    },
    Native {
        name: "psycopg-c",
        library: "libpq",
        debian_build: &["libpq-dev"],
        debian_runtime: &["libpq5"],
        alpine_build: &["libpq-dev"],
        alpine_runtime: &["libpq"],
    },
    Native {
        name: "uwsgi",
        library: "a C compiler (uWSGI ships no wheels)",
        debian_build: DEBIAN_CC,
        debian_runtime: &[],
        alpine_build: &["linux-headers"],
        alpine_runtime: &[],
    },
    Native {
        name: "mysqlclient",
        library: "the MariaDB client library",
        debian_build: &["pkg-config", "default-libmysqlclient-dev"],
        debian_runtime: &["libmariadb3"],
        alpine_build: &["pkgconf", "mariadb-connector-c-dev"],
        alpine_runtime: &["mariadb-connector-c"],
    },
    Native {
        name: "lxml",
        library: "libxml2 and libxslt",
        debian_build: &["libxml2-dev", "libxslt1-dev"],
        debian_runtime: &["libxml2", "libxslt1.1"],
        alpine_build: &["libxml2-dev", "libxslt-dev"],
        alpine_runtime: &["libxml2", "libxslt"],
    },
    Native {
        name: "python-ldap",
        library: "OpenLDAP and SASL",
        debian_build: &["libldap-dev", "libsasl2-dev"],
        debian_runtime: &["libldap2", "libsasl2-2"],
        alpine_build: &["openldap-dev"],
        alpine_runtime: &["libldap", "libsasl"],
    },
];

/// Binary distributions that make a source one unnecessary: with `psycopg-binary` (or the
/// `psycopg[binary]` extra, which installs it) psycopg brings its own libpq.
const SUPERSEDED_BY: &[(&str, &[&str])] = &[("psycopg", &["psycopg-binary", "psycopg-c"])];

/// The native distributions among `dependencies` (normalized names), in table order.
#[must_use]
pub fn find<'a>(dependencies: impl Fn(&str) -> bool + 'a) -> Vec<&'static Native> {
    TABLE
        .iter()
        .filter(|n| dependencies(n.name))
        .filter(|n| {
            SUPERSEDED_BY
                .iter()
                .find(|(name, _)| *name == n.name)
                .is_none_or(|(_, by)| !by.iter().any(|b| dependencies(b)))
        })
        .collect()
}

/// Build packages for a set of natives: a C compiler first when anything compiles.
#[must_use]
pub fn build_packages(natives: &[&Native], alpine: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for n in natives {
        out.extend(if alpine {
            n.alpine_build
        } else {
            n.debian_build
        });
    }
    if out.is_empty() {
        return out;
    }
    let cc: &[&str] = if alpine {
        &["gcc", "musl-dev"]
    } else {
        DEBIAN_CC
    };
    let mut all: Vec<&'static str> = cc.to_vec();
    for p in out {
        if !all.contains(&p) {
            all.push(p);
        }
    }
    all
}

#[must_use]
pub fn runtime_packages(natives: &[&Native], alpine: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for n in natives {
        for p in if alpine {
            n.alpine_runtime
        } else {
            n.debian_runtime
        } {
            if !out.contains(p) {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_wheels_need_nothing_and_source_builds_need_headers() {
        let has = |set: &'static [&'static str]| move |n: &str| set.contains(&n);
        assert!(find(has(&["psycopg2-binary"])).is_empty());
        let n = find(has(&["psycopg2"]));
        assert_eq!(build_packages(&n, false), ["gcc", "libc6-dev", "libpq-dev"]);
        assert_eq!(runtime_packages(&n, false), ["libpq5"]);
        assert_eq!(runtime_packages(&n, true), ["libpq"]);
        assert!(find(has(&["psycopg", "psycopg-binary"])).is_empty());
        let n = find(has(&["psycopg"]));
        assert!(build_packages(&n, false).is_empty());
        assert_eq!(runtime_packages(&n, false), ["libpq5"]);
    }

    #[test]
    fn uwsgi_needs_a_compiler_once_and_nothing_at_run_time() {
        let n = find(|d| ["uwsgi", "psycopg2"].contains(&d));
        assert_eq!(build_packages(&n, false), ["gcc", "libc6-dev", "libpq-dev"]);
        assert_eq!(
            build_packages(&n, true),
            ["gcc", "musl-dev", "libpq-dev", "linux-headers"]
        );
        assert_eq!(runtime_packages(&find(|d| d == "uwsgi"), false), [""; 0]);
    }

    #[test]
    fn psycopg_c_extra_compiles_against_libpq() {
        let n = find(|d| ["psycopg", "psycopg-c"].contains(&d));
        assert_eq!(build_packages(&n, false), ["gcc", "libc6-dev", "libpq-dev"]);
        assert_eq!(runtime_packages(&n, false), ["libpq5"]);
    }
}
