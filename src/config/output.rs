//! Which folders a build may replace. The output folder is swapped out wholesale by every
//! build, so it must never be a folder that holds anything else of value. Paths are
//! compared after resolving symlinks and `..`, so no spelling of a folder gets past.
//! (What is *in* an existing output folder is checked when writing: `write::Staging`.)

use std::path::{Component, Path, PathBuf};

/// Why an output folder is refused; the text completes "refusing to use X as the output folder: …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refusal {
    FileSystemRoot,
    HomeOrAbove,
    SiteRootOrAbove,
    SiteFolder(&'static str),
    Repository,
    OutsideSite,
}

impl Refusal {
    pub(super) fn reason(self) -> String {
        match self {
            Refusal::FileSystemRoot => "it is the file system root".into(),
            Refusal::HomeOrAbove => "it is the home folder or one of its parents".into(),
            Refusal::SiteRootOrAbove => "it is the site root or a folder that contains it".into(),
            Refusal::SiteFolder(name) => format!("it is the site's {name}/ folder or inside it"),
            Refusal::Repository => "it is a git repository (.git) or inside one's .git folder".into(),
            Refusal::OutsideSite => "it is outside the site; name it with --output to confirm".into(),
        }
    }
}

/// The folders of a site that a build reads and must never replace.
const SITE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Refuses `output` when replacing it could destroy something the build did not make.
/// `explicit` is true when the folder was named on the command line.
pub(super) fn check(output: &Path, root: &Path, explicit: bool) -> Result<(), Refusal> {
    let output = resolve(output);
    let root = resolve(root);
    if output.parent().is_none() {
        return Err(Refusal::FileSystemRoot);
    }
    if home().is_some_and(|home| home.starts_with(&output)) {
        return Err(Refusal::HomeOrAbove);
    }
    if root.starts_with(&output) {
        return Err(Refusal::SiteRootOrAbove);
    }
    if let Some(name) = SITE_FOLDERS
        .iter()
        .find(|name| output.starts_with(resolve(&root.join(name))))
    {
        return Err(Refusal::SiteFolder(name));
    }
    if output.components().any(|c| c.as_os_str() == ".git") || output.join(".git").exists() {
        return Err(Refusal::Repository);
    }
    if !explicit && !output.starts_with(&root) {
        return Err(Refusal::OutsideSite);
    }
    Ok(())
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| resolve(Path::new(&h)))
}

/// The path the operating system would reach: the longest part that exists with its
/// symlinks and `..` resolved, then the rest (which cannot hold symlinks) lexically.
pub(super) fn resolve(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for existing in path.ancestors() {
        if let Ok(real) = existing.canonicalize() {
            let rest = path.strip_prefix(existing).unwrap_or(Path::new(""));
            return push_lexically(real, rest);
        }
    }
    push_lexically(PathBuf::new(), &path)
}

fn push_lexically(mut base: PathBuf, rest: &Path) -> PathBuf {
    for component in rest.components() {
        match component {
            Component::ParentDir => {
                base.pop();
            }
            Component::CurDir => {}
            other => base.push(other),
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["content", "static", "themes/default/templates", ".git"] {
            std::fs::create_dir_all(dir.path().join("site").join(name)).expect("folder");
        }
        dir
    }

    #[test]
    fn only_a_folder_of_its_own_is_accepted() {
        let dir = site();
        let root = dir.path().join("site");
        let check = |out: PathBuf, explicit| check(&out, &root, explicit);
        assert_eq!(check(root.join("public"), false), Ok(()));
        assert_eq!(check(dir.path().join("elsewhere"), true), Ok(()));
        assert_eq!(
            check(dir.path().join("elsewhere"), false),
            Err(Refusal::OutsideSite)
        );
        assert_eq!(check("/".into(), true), Err(Refusal::FileSystemRoot));
        assert_eq!(check(root.clone(), true), Err(Refusal::SiteRootOrAbove));
        assert_eq!(
            check(dir.path().to_path_buf(), true),
            Err(Refusal::SiteRootOrAbove)
        );
        assert_eq!(
            check(root.join("public/../content"), true),
            Err(Refusal::SiteFolder("content"))
        );
        assert_eq!(
            check(root.join("static"), true),
            Err(Refusal::SiteFolder("static"))
        );
        assert_eq!(
            check(root.join("themes/default"), true),
            Err(Refusal::SiteFolder("themes"))
        );
        assert_eq!(
            check(root.join("templates"), true),
            Err(Refusal::SiteFolder("templates"))
        );
        assert_eq!(check(root.join(".git"), true), Err(Refusal::Repository));
        assert_eq!(check(root.join(".git/objects"), true), Err(Refusal::Repository));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_resolved_before_comparing() {
        let dir = site();
        let root = dir.path().join("site");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&root, &link).expect("symlink");
        assert_eq!(
            check(&link.join("content"), &root, true),
            Err(Refusal::SiteFolder("content"))
        );
        assert_eq!(check(&link, &root, true), Err(Refusal::SiteRootOrAbove));
        assert_eq!(
            check(&link.join("new/../static"), &root, true),
            Err(Refusal::SiteFolder("static"))
        );
        assert_eq!(check(&link.join("public"), &root, false), Ok(()));
    }

    #[test]
    fn a_folder_holding_a_repository_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("project/.git")).expect("folder");
        let root = dir.path().join("site");
        assert_eq!(
            check(&dir.path().join("project"), &root, true),
            Err(Refusal::Repository)
        );
    }
}
