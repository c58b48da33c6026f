//! Photos: turned upright, resized, published without metadata, cached between builds, and
//! bad files refused with a clear message. Every fixture image is made here.

mod common;
use common::*;

#[path = "../src/images/metadata.rs"]
#[allow(dead_code)]
mod metadata;

use image::{Rgb, RgbImage};
use std::path::Path;

/// Upright: red top half, blue bottom half, `w`×`h`.
fn upright(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |_, y| {
        if y < h / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(
            img.as_raw(),
            img.width() as u16,
            img.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// A phone photo of an upright `w`×`h` scene, stored as the sensor saw it with the flag.
fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let up = upright(w, h);
    let stored = match orientation {
        6 => image::imageops::rotate270(&up),
        8 => image::imageops::rotate90(&up),
        _ => up,
    };
    let tags = metadata::Tags {
        orientation: Some(orientation),
        make: Some("TestMaker".into()),
        model: Some("SecretPhone 9".into()),
        date_time: Some("2024:07:01 07:45:00".into()),
        gps: Some((31.2304, 121.4737)),
    };
    metadata::with_exif(&jpeg(&stored), &tags).unwrap()
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG header claiming `w`×`h`, with a scrap of data: a decompression bomb's header.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(&RgbImage::new(1, 1));
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn put(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A small site: an article with two sideways phone photos, a record with a gallery.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write(
        &root,
        "site.yaml",
        "title: 测试\nbase_url: https://example.gov.cn/\nimages:\n  widths: [200, 400, 1600]\n",
    );
    write(
        &root,
        "content/articles/a.md",
        "---\ntitle: 图文\ndate: 2024-07-01\nslug: a\ncover: img/cover.jpg\n---\n\n没有图片的段落。\n\n![竖拍的照片](img/p6.jpg)\n\n![另一张](img/p8.jpg \"说明\")\n",
    );
    write(
        &root,
        "content/activities/x.yaml",
        "title: 活动\ndate: 2024-07-01\ncategory: 文艺演出\nimages:\n  - src: photos/g.jpg\n    alt: 舞台上的演员\n    caption: 演出现场\n  - photos/n.png\n",
    );
    put(&root, "content/articles/img/p6.jpg", &phone_photo(300, 500, 6));
    put(&root, "content/articles/img/p8.jpg", &phone_photo(300, 500, 8));
    put(&root, "content/articles/img/cover.jpg", &phone_photo(800, 600, 1));
    put(&root, "content/activities/photos/g.jpg", &phone_photo(640, 480, 1));
    let mut with_exif = png(&upright(120, 90));
    {
        let mut p = img_parts::png::Png::from_bytes(with_exif.clone().into()).unwrap();
        img_parts::ImageEXIF::set_exif(
            &mut p,
            Some(
                metadata::tiff(&metadata::Tags {
                    gps: Some((1.0, 2.0)),
                    ..Default::default()
                })
                .into(),
            ),
        );
        with_exif.clear();
        p.encoder().write_to(&mut with_exif).unwrap();
    }
    put(&root, "content/activities/photos/n.png", &with_exif);
    // In static/ and used by nothing: published as it is, but stripped.
    put(&root, "static/images/loose.jpg", &phone_photo(64, 48, 6));
    (dir, root)
}

fn decode(path: &Path) -> image::DynamicImage {
    image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every JPEG/PNG/WebP under `dir`: none may carry GPS, the device or XMP.
fn assert_no_metadata(dir: &Path) -> usize {
    let mut n = 0;
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        let ext = e
            .path()
            .extension()
            .and_then(|x| x.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp") {
            continue;
        }
        n += 1;
        let bytes = std::fs::read(e.path()).unwrap();
        let found = metadata::read(&bytes);
        assert!(!found.gps, "GPS in {}", e.path().display());
        assert!(!found.device, "device in {}", e.path().display());
        for needle in [
            &b"SecretPhone"[..],
            b"TestMaker",
            b"SamplePhone",
            b"http://ns.adobe.com/xap",
            b"GPS",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds {:?}",
                e.path().display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
    n
}

#[test]
fn photos_are_upright_resized_clean_and_shown_with_srcset() {
    let (_t, root) = site();
    let err = build_ok(&root, &["--verbose"]);
    let out = root.join("public");
    // Stored 500×300 with orientation 6: upright it is portrait, 300×500.
    for name in ["p6", "p8"] {
        let small = decode(&out.join(format!("articles/a/img/{name}-200.jpg")));
        assert_eq!((small.width(), small.height()), (200, 333), "{name}");
        let top = small.to_rgb8().get_pixel(100, 20).0;
        let bottom = small.to_rgb8().get_pixel(100, 310).0;
        assert!(
            top[0] > 150 && top[2] < 100,
            "{name}: the top is red (upright): {top:?}"
        );
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "{name}: the bottom is blue: {bottom:?}"
        );
        // 300 wide: 200 and its own width, never upscaled to 400 or 1600.
        assert!(out.join(format!("articles/a/img/{name}-300.jpg")).is_file());
        assert!(!out.join(format!("articles/a/img/{name}-400.jpg")).exists());
        assert!(
            !out.join(format!("articles/a/img/{name}.jpg")).exists(),
            "original not published"
        );
    }
    let html = read(&root, "public/articles/a/index.html");
    assert!(html.contains(r#"<img src="/articles/a/img/p6-300.jpg" srcset="/articles/a/img/p6-200.jpg 200w, /articles/a/img/p6-300.jpg 300w" sizes="(max-width: 42rem) 100vw, 40rem" width="300" height="500" alt="竖拍的照片" loading="lazy" decoding="async">"#), "{html}");
    assert!(html.contains(r#"alt="另一张" title="说明" loading="lazy""#), "{html}");
    assert!(html.contains(r#"<p>没有图片的段落。</p>"#));
    // The cover: above the first screen, so not lazy.
    assert!(html.contains(r#"<img class="cover" src="/articles/a/img/cover-800.jpg" srcset="/articles/a/img/cover-200.jpg 200w, /articles/a/img/cover-400.jpg 400w, /articles/a/img/cover-800.jpg 800w""#), "{html}");
    assert!(html.contains(r#"width="800" height="600" alt="图文">"#));
    // The gallery: alt, caption, a link to the large version, the plain-list default alt.
    let page = read(&root, "public/activities/x/index.html");
    assert!(
        page.contains(r#"<a href="/activities/x/photos/g-640.jpg"><img src="/activities/x/photos/g-640.jpg""#),
        "{page}"
    );
    assert!(
        page.contains(r#"alt="舞台上的演员" loading="lazy" decoding="async"></a><figcaption>演出现场</figcaption>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"alt="活动 (photo 2)""#) || page.contains(r#"alt="活动（图2）""#),
        "{page}"
    );
    let list = read(&root, "public/activities/index.html");
    assert!(
        list.contains(r#"<img class="card-image" src="/activities/x/photos/g-640.jpg""#),
        "{list}"
    );
    // Static files nobody uses are published, stripped (the orientation stays).
    let loose = std::fs::read(out.join("images/loose.jpg")).unwrap();
    assert_eq!(metadata::read(&loose).orientation, 6);
    assert!(assert_no_metadata(&out) >= 12);
    assert!(err.contains("5 decoded this run, 0 taken from the cache"), "{err}");
}

#[test]
fn a_second_build_decodes_nothing_and_no_cache_decodes_all() {
    let (_t, root) = site();
    build_ok(&root, &["--verbose"]);
    let first = std::fs::read(root.join("public/articles/a/img/p6-200.jpg")).unwrap();
    let err = build_ok(&root, &["--verbose"]);
    assert!(err.contains("0 decoded this run"), "{err}");
    assert_eq!(
        std::fs::read(root.join("public/articles/a/img/p6-200.jpg")).unwrap(),
        first
    );
    let err = build_ok(&root, &["--verbose", "--no-cache"]);
    assert!(err.contains("5 decoded this run"), "{err}");
    // A changed photo is processed again, alone.
    put(&root, "content/articles/img/p8.jpg", &phone_photo(320, 480, 8));
    let err = build_ok(&root, &["--verbose"]);
    assert!(err.contains("1 decoded this run"), "{err}");
    let out = huimin(&root, &["check", "--verbose"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 decoded this run"), "{err}");
    assert!(err.contains(".huimin-cache/images"), "{err}");
}

/// Every published file's bytes, by path under `public/`.
fn published(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let public = root.join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn raw_html_images_are_published_like_markdown_ones() {
    // As pasted from a WeChat-style editor: the tag, not Markdown.
    let (_t, root) = site();
    write(
        &root,
        "content/articles/b.md",
        "---\ntitle: 粘贴的图片\ndate: 2024-07-02\nslug: b\n---\n\n<p align=\"center\"><img alt=\"合影\" src=\"img/wx.jpg\" width=\"300\"></p>\n",
    );
    put(&root, "content/articles/img/wx.jpg", &phone_photo(640, 480, 1));
    let err = build_ok(&root, &[]);
    assert!(
        err.contains("warning: content/articles/img/wx.jpg: this photo records where"),
        "{err}"
    );
    let html = read(&root, "public/articles/b/index.html");
    assert!(
        html.contains(r#"<img src="/articles/b/img/wx-640.jpg" srcset="/articles/b/img/wx-200.jpg 200w, /articles/b/img/wx-400.jpg 400w, /articles/b/img/wx-640.jpg 640w""#),
        "{html}"
    );
    assert!(html.contains(r#"alt="合影""#), "{html}");
    // The editor's `width="300"` is kept, the height in proportion (640×480 shown 300 wide).
    assert!(
        html.contains(r#" sizes="(max-width: 300px) 100vw, 300px" width="300" height="225" alt="合影""#),
        "{html}"
    );
    assert!(
        !root.join("public/articles/b/img/wx.jpg").exists(),
        "original not published"
    );
    assert!(assert_no_metadata(&root.join("public")) >= 12);
    // A tag whose file is missing is an error at its line, and the site stays as it was.
    write(
        &root,
        "content/articles/b.md",
        "---\ntitle: 粘贴的图片\ndate: 2024-07-02\nslug: b\n---\n\n<img src=\"img/wx2.jpg\">\n",
    );
    let err = build_fails(&root);
    assert!(err.contains("content/articles/b.md:7:1:"), "{err}");
    assert!(err.contains("img/wx2.jpg"), "{err}");
    assert!(err.contains(r#"alt="#), "the help for a tag without alt: {err}");
    assert_eq!(read(&root, "public/articles/b/index.html"), html);
}

/// The GPS warnings of [`site`]'s photos.
fn assert_gps_warned(err: &str) {
    for f in [
        "content/articles/img/p6.jpg",
        "content/activities/photos/n.png",
        "static/images/loose.jpg",
    ] {
        assert!(
            err.contains(&format!("warning: {f}: this photo records where it was taken")),
            "{f}:\n{err}"
        );
    }
}

#[test]
fn a_second_build_reads_no_unchanged_photo() {
    let (_t, root) = site();
    let err = build_ok(&root, &["--verbose"]);
    assert!(!err.contains(", 0 source files read"), "{err}");
    let first = published(&root);
    let err = build_ok(&root, &["--verbose"]);
    assert!(err.contains(", 0 source files read"), "{err}");
    // What the photos hold is still known: the same warnings, the same site.
    assert_gps_warned(&err);
    assert!(
        published(&root) == first,
        "a rebuild from the stamps published other bytes"
    );
    // A changed photo in static/ is read once: its GPS warning, its stripped copy.
    put(&root, "static/images/loose.jpg", &phone_photo(48, 64, 1));
    let err = build_ok(&root, &["--verbose"]);
    assert!(err.contains(", 1 source files read"), "{err}");
    assert!(
        err.contains("warning: static/images/loose.jpg: this photo records"),
        "{err}"
    );
    let loose = std::fs::read(root.join("public/images/loose.jpg")).unwrap();
    assert_eq!(
        metadata::read(&loose),
        metadata::Found {
            orientation: 1,
            ..Default::default()
        }
    );
    assert_eq!(decode(&root.join("public/images/loose.jpg")).width(), 48);
    // A changed photo of an article: read to probe it, and again to decode it.
    put(&root, "content/articles/img/p8.jpg", &phone_photo(200, 100, 1));
    let err = build_ok(&root, &["--verbose"]);
    assert!(
        err.contains("1 decoded this run") && err.contains(", 2 source files read"),
        "{err}"
    );
    assert_eq!(decode(&root.join("public/articles/a/img/p8-200.jpg")).height(), 100);
    // `--no-cache` reads them all again.
    let err = build_ok(&root, &["--verbose", "--no-cache"]);
    assert!(!err.contains(", 0 source files read"), "{err}");
}

#[test]
fn check_warns_about_gps_and_missing_alt() {
    let (_t, root) = site();
    let out = huimin(&root, &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_gps_warned(&err);
    assert!(
        err.contains("content/activities/x.yaml:8:5: image 2 of this record has no description"),
        "{err}"
    );
}

#[test]
fn kept_originals_are_published_stripped_and_linked() {
    let (_t, root) = site();
    write(
        &root,
        "site.yaml",
        "title: 测试\nbase_url: https://example.gov.cn/\nimages: {widths: [200], keep_originals: true, quality: 70}\n",
    );
    build_ok(&root, &[]);
    let original = std::fs::read(root.join("public/articles/a/img/p6.jpg")).unwrap();
    let found = metadata::read(&original);
    assert!(!found.gps && !found.device);
    assert_eq!(found.orientation, 6, "the original still shows upright");
    let html = read(&root, "public/articles/a/index.html");
    assert!(
        html.contains(r#"<a href="/articles/a/img/p6.jpg"><img src="/articles/a/img/p6-200.jpg""#),
        "{html}"
    );
    assert_no_metadata(&root.join("public"));
}

#[test]
fn bad_config_is_located() {
    let (_t, root) = site();
    write(
        &root,
        "site.yaml",
        "title: 测试\nbase_url: https://example.gov.cn/\nimages:\n  widths: [0, big]\n  quality: 101\n  webb: true\n",
    );
    let err = build_fails(&root);
    assert!(err.contains("site.yaml:4:"), "{err}");
    assert!(err.contains("site.yaml:5:"), "{err}");
    assert!(err.contains("unknown key `webb`"), "{err}");
}

#[test]
fn bad_images_are_clear_errors_within_bounded_memory() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.jpg", Vec::new(), "is empty"),
        (
            "truncated.jpg",
            phone_photo(400, 300, 1)[..900].to_vec(),
            "is incomplete",
        ),
        (
            "truncated.png",
            png(&upright(300, 200))[..200].to_vec(),
            "cannot be read",
        ),
        ("really-png.jpg", png(&upright(8, 8)), "is really a PNG image"),
        (
            "text.jpg",
            b"not a picture at all".to_vec(),
            "is not a JPEG, PNG or WebP image",
        ),
        ("huge.png", png_header(20_000, 20_000), "20000×20000 pixels"),
        ("hundred-mp.png", png_header(12_500, 8_000), "12500×8000 pixels"),
        ("bomb.png", png_header(16_000, 16_000), "16000×16000 pixels"),
    ];
    for (name, bytes, expected) in cases {
        let (_t, root) = site();
        put(&root, &format!("content/articles/img/{name}"), &bytes);
        write(
            &root,
            "content/articles/bad.md",
            &format!("---\ntitle: 坏图\ndate: 2024-07-01\n---\n\n文字\n\n![图](img/{name})\n"),
        );
        // Address space capped at 1.5 GB: a bomb that got decoded would fail here instead.
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 1500000; exec '{}' build",
                env!("CARGO_BIN_EXE_huimin")
            ))
            .current_dir(&root)
            .env("HUIMIN_LANG", "en")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(&format!("img/{name}")), "{name} is named:\n{err}");
        assert!(err.contains(expected), "{name}: {expected}\n{err}");
        assert!(err.contains("help:"), "{name} says what to do:\n{err}");
        assert!(!err.contains("panicked"), "{name}:\n{err}");
    }
}

#[test]
fn no_published_image_of_the_showcase_carries_gps() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    if repo.join("static").is_dir() {
        copy_dir(&repo.join("static"), &root.join("static"));
    }
    // The sources do carry GPS: that is what the showcase proves.
    let source = std::fs::read(root.join("content/articles/img/zhiyuanzhe-jiangjie.jpg")).unwrap();
    assert!(metadata::read(&source).gps);
    build_ok(&root, &[]);
    assert!(assert_no_metadata(&root.join("public")) >= 18);
}
