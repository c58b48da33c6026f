//! Where rendered bodies wait for their pages.
//!
//! A body's HTML is needed twice, by its own page and by the feed, and it is rendered long
//! before either (every body first, for the link and anchor checks). On most sites all of it
//! fits in memory easily. On a very large one (100,000 articles hold about 1 GB of HTML) it
//! would be most of the build's memory, so above [`BUDGET`] each body goes, as soon as it is
//! rendered, into an unnamed temporary file (which the system deletes whatever happens to
//! the build) and is read back when its page is written. The page cache usually keeps those
//! reads off the disk; the process itself holds only an offset per body.

use crate::markdown::Rendered;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Markdown source bytes above which bodies are kept on disk, and the sources themselves are
/// not held from reading to rendering but read again (`input::text::Place`):
/// `HUIMIN_BODY_BUDGET` (bytes) overrides it, for build machines with little memory and for tests.
pub const BUDGET: usize = 256 * 1024 * 1024;

/// The budget in force.
pub fn budget() -> usize {
    std::env::var("HUIMIN_BODY_BUDGET")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(BUDGET)
}

/// Rendered bodies kept in memory (the default), or spilled into a temporary file.
/// Clones share the file, so a body stored by one is read by all.
#[derive(Debug, Default, Clone)]
pub struct Held {
    file: Option<Arc<Mutex<Spill>>>,
}

#[derive(Debug)]
struct Spill {
    file: File,
    /// Where the next body goes.
    end: u64,
}

impl Held {
    /// Spill into an unnamed file in `dir` (the site's cache folder when it can be made,
    /// else the system's temporary folder).
    pub fn spilling(dir: &Path) -> io::Result<Held> {
        let file = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::tempfile_in(dir))
            .or_else(|_| tempfile::tempfile())?;
        Ok(Held {
            file: Some(Arc::new(Mutex::new(Spill { file, end: 0 }))),
        })
    }

    /// Bytes set aside in the file, when bodies are spilled.
    pub fn spilled(&self) -> Option<u64> {
        let spill = self.file.as_ref()?;
        spill.lock().ok().map(|s| s.end)
    }

    /// Move `r`'s HTML out of memory when spilling; otherwise leave it where it is.
    pub fn keep(&self, r: &mut Rendered) -> io::Result<()> {
        let Some(spill) = &self.file else { return Ok(()) };
        if r.html.is_empty() {
            return Ok(());
        }
        let mut s = spill.lock().map_err(|_| io::Error::other("body store poisoned"))?;
        let at = s.end;
        s.file.write_all(r.html.as_bytes())?;
        s.end += r.html.len() as u64;
        r.stored = Some((at, r.html.len()));
        r.html = String::new();
        Ok(())
    }

    /// The HTML of a body, from memory or from the file.
    pub fn html<'a>(&self, r: &'a Rendered) -> io::Result<Cow<'a, str>> {
        let (Some((at, len)), Some(spill)) = (r.stored, &self.file) else {
            return Ok(Cow::Borrowed(&r.html));
        };
        let mut bytes = vec![0; len];
        {
            let s = spill.lock().map_err(|_| io::Error::other("body store poisoned"))?;
            read_at(&s.file, &mut bytes, at)?;
        }
        crate::input::text::utf8_string(bytes)
            .map(Cow::Owned)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file.try_clone()?;
    f.seek(SeekFrom::Start(at))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(html: &str) -> Rendered {
        Rendered {
            html: html.into(),
            ..Default::default()
        }
    }

    #[test]
    fn in_memory_bodies_stay_where_they_are() {
        let held = Held::default();
        let mut r = rendered("<p>文旅惠民</p>");
        held.keep(&mut r).unwrap();
        assert_eq!(r.html, "<p>文旅惠民</p>");
        assert!(matches!(held.html(&r).unwrap(), Cow::Borrowed("<p>文旅惠民</p>")));
    }

    #[test]
    fn spilled_bodies_come_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let held = Held::spilling(&dir.path().join("cache")).unwrap();
        let mut bodies: Vec<Rendered> = ["<p>一</p>", "", "<h2>送戏下乡</h2><p>二</p>", "<p>三</p>"]
            .iter()
            .map(|h| rendered(h))
            .collect();
        for r in &mut bodies {
            held.keep(r).unwrap();
            assert!(r.html.is_empty(), "nothing left in memory");
        }
        let back: Vec<String> = bodies.iter().map(|r| held.html(r).unwrap().into_owned()).collect();
        assert_eq!(back, ["<p>一</p>", "", "<h2>送戏下乡</h2><p>二</p>", "<p>三</p>"]);
        #[cfg(unix)]
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).unwrap().count(),
            0,
            "the file has no name, so nothing is left behind"
        );
    }
}
