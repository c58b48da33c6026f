//! A site of phone-size photos for the README's image figures:
//! `cargo run --release --example bench_photos -- DIR [N]` writes `DIR/site.yaml` and an
//! article with N (default 100) 4000×3000 JPEGs of about 3–4 MB each (noise over gradients,
//! so they compress like photos rather than drawings), every one with GPS and a sideways
//! orientation flag on every third, plus `three.md`, an article with three of them.

#[path = "../src/images/metadata.rs"]
#[allow(dead_code)]
mod metadata;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: bench_photos DIR [N]"));
    let n: usize = args.next().map(|s| s.parse().expect("N")).unwrap_or(100);
    let img_dir = dir.join("content/articles/img");
    std::fs::create_dir_all(&img_dir).expect("mkdir");
    std::fs::write(
        dir.join("site.yaml"),
        "title: 图片基准\nbase_url: https://example.gov.cn/\n",
    )
    .expect("site.yaml");
    let mut body = String::from("---\ntitle: 一百张照片\ndate: 2024-07-01\nslug: photos\n---\n\n");
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..n {
        let (w, h) = (4000u32, 3000u32);
        let mut raw = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let noise = (seed % 48) as i32 - 24;
                let base = [
                    (x * 200 / w) as i32 + 30,
                    (y * 180 / h) as i32 + 40,
                    ((x + y) * 120 / (w + h)) as i32 + 90 + (i as i32 % 40),
                ];
                for c in base {
                    raw.push((c + noise).clamp(0, 255) as u8);
                }
            }
        }
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 92)
            .encode(&raw, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
            .expect("encode");
        let tags = metadata::Tags {
            orientation: Some(if i % 3 == 0 { 6 } else { 1 }),
            model: Some("Bench Phone".into()),
            gps: Some((30.0, 104.0)),
            ..Default::default()
        };
        let jpeg = metadata::with_exif(&jpeg, &tags).expect("exif");
        std::fs::write(img_dir.join(format!("p{i:03}.jpg")), &jpeg).expect("write");
        body.push_str(&format!("![照片 {i}](img/p{i:03}.jpg)\n\n"));
    }
    std::fs::write(dir.join("content/articles/photos.md"), body).expect("article");
    // Lossless WebP (the only WebP the pure-Rust image crate writes) against JPEG at quality 80,
    // at 1600 px wide: on the first photo and on a drawn showcase sample.
    for source in [
        img_dir.join("p000.jpg"),
        std::path::PathBuf::from("content/articles/img/guangchang-heying.jpg"),
    ] {
        let Ok(img) = image::open(&source) else { continue };
        let h = img.height() * 1600 / img.width();
        let small = image::imageops::resize(&img.to_rgb8(), 1600, h, image::imageops::FilterType::Lanczos3);
        let mut jpeg = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut jpeg, 80);
        enc.set_optimized_huffman_tables(true);
        enc.set_progressive(true);
        enc.encode(small.as_raw(), 1600, h as u16, jpeg_encoder::ColorType::Rgb)
            .expect("jpeg");
        let mut webp = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .encode(small.as_raw(), 1600, h, image::ExtendedColorType::Rgb8)
            .expect("webp");
        println!(
            "{}: 1600 px JPEG q80 {} KB, lossless WebP {} KB",
            source.display(),
            jpeg.len() / 1024,
            webp.len() / 1024
        );
    }
    let three: String = (0..3.min(n))
        .map(|i| format!("第 {i} 段文字。\n\n![照片 {i}](img/p{:03}.jpg)\n\n", i + 1))
        .collect();
    std::fs::write(
        dir.join("content/articles/three.md"),
        format!("---\ntitle: 三张照片\ndate: 2024-07-02\nslug: three\n---\n\n{three}"),
    )
    .expect("three");
}
