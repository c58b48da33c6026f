//! Draws the showcase's sample photos (they are generated pictures, not real events) and
//! writes them as a phone would: JPEG, some stored sideways with an EXIF orientation flag,
//! every one carrying GPS coordinates, the phone's make and model and the time of day. The
//! built site proves that huimin turns them upright and publishes none of that.
//!
//! `cargo run --example sample_photos` (from the repository root) rewrites them.

#[path = "../src/images/metadata.rs"]
#[allow(dead_code)]
mod metadata;

use image::{Rgb, RgbImage};

/// Name, folder, upright width × height, EXIF orientation, scene.
const PHOTOS: &[(&str, &str, u32, u32, u16, Scene)] = &[
    (
        "guangchang-heying.jpg",
        "content/articles/img",
        1600,
        1200,
        1,
        Scene::Square,
    ),
    (
        "zhiyuanzhe-jiangjie.jpg",
        "content/articles/img",
        1200,
        1600,
        6,
        Scene::Guide,
    ),
    ("wutai-yanchu.jpg", "content/articles/img", 1600, 1000, 8, Scene::Stage),
    (
        "dangqi-heying.jpg",
        "content/activities/photos",
        1600,
        1200,
        1,
        Scene::Flag,
    ),
    (
        "songxi-xiaxiang.jpg",
        "content/activities/photos",
        1200,
        1600,
        6,
        Scene::Stage,
    ),
    (
        "dushu-hui.jpg",
        "content/activities/photos",
        1600,
        1200,
        8,
        Scene::Books,
    ),
];

#[derive(Clone, Copy)]
enum Scene {
    Square,
    Guide,
    Stage,
    Flag,
    Books,
}

fn rect(img: &mut RgbImage, x0: i64, y0: i64, w: i64, h: i64, c: [u8; 3]) {
    for y in y0.max(0)..(y0 + h).min(img.height() as i64) {
        for x in x0.max(0)..(x0 + w).min(img.width() as i64) {
            img.put_pixel(x as u32, y as u32, Rgb(c));
        }
    }
}

fn disc(img: &mut RgbImage, cx: i64, cy: i64, r: i64, c: [u8; 3]) {
    for y in (cy - r).max(0)..(cy + r).min(img.height() as i64) {
        for x in (cx - r).max(0)..(cx + r).min(img.width() as i64) {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                img.put_pixel(x as u32, y as u32, Rgb(c));
            }
        }
    }
}

/// A person: head and body, `s` pixels tall.
fn person(img: &mut RgbImage, x: i64, ground: i64, s: i64, shirt: [u8; 3]) {
    disc(img, x, ground - s + s / 8, s / 8, [236, 196, 160]);
    rect(img, x - s / 6, ground - s + s / 4, s / 3, s / 2, shirt);
    rect(img, x - s / 7, ground - s / 4, s / 10, s / 4, [40, 40, 60]);
    rect(img, x + s / 20, ground - s / 4, s / 10, s / 4, [40, 40, 60]);
}

fn draw(w: u32, h: u32, scene: Scene) -> RgbImage {
    let mut img = RgbImage::from_fn(w, h, |_, y| {
        let t = y as f32 / h as f32;
        Rgb([
            (120.0 + 100.0 * t) as u8,
            (170.0 + 60.0 * t) as u8,
            (230.0 - 20.0 * t) as u8,
        ])
    });
    let (wi, hi) = (w as i64, h as i64);
    let ground = hi * 3 / 4;
    rect(&mut img, 0, ground, wi, hi - ground, [196, 180, 150]);
    match scene {
        Scene::Square | Scene::Flag => {
            rect(&mut img, wi / 10, hi / 6, wi * 8 / 10, hi / 3, [183, 28, 28]);
            disc(&mut img, wi / 5, hi / 4, hi / 20, [255, 213, 79]);
            for i in 0..7 {
                let shirt = if i % 2 == 0 { [183, 28, 28] } else { [250, 250, 250] };
                person(&mut img, wi / 8 + i * wi / 8, ground + hi / 10, hi / 3, shirt);
            }
        }
        Scene::Guide => {
            rect(&mut img, wi / 8, hi / 5, wi * 3 / 4, hi / 3, [120, 80, 50]);
            rect(&mut img, wi / 6, hi / 4, wi * 2 / 3, hi / 4, [240, 230, 210]);
            person(&mut img, wi / 4, ground + hi / 8, hi / 2, [183, 28, 28]);
            person(&mut img, wi * 3 / 5, ground + hi / 8, hi * 2 / 5, [90, 110, 160]);
            person(&mut img, wi * 4 / 5, ground + hi / 8, hi * 2 / 5, [120, 140, 90]);
        }
        Scene::Stage => {
            rect(&mut img, 0, 0, wi, ground, [90, 10, 20]);
            rect(
                &mut img,
                wi / 12,
                hi / 10,
                wi * 10 / 12,
                ground - hi / 10,
                [150, 20, 30],
            );
            rect(&mut img, 0, ground - hi / 20, wi, hi / 20, [201, 162, 39]);
            for i in 0..3 {
                person(&mut img, wi / 4 + i * wi / 4, ground - hi / 20, hi / 3, [250, 220, 120]);
            }
        }
        Scene::Books => {
            for i in 0..10 {
                let c = [[183, 28, 28], [201, 162, 39], [60, 90, 140], [70, 120, 80]][i as usize % 4];
                rect(&mut img, wi / 12 + i * wi / 12, hi / 5, wi / 16, hi / 3, c);
            }
            rect(&mut img, wi / 14, hi / 5 + hi / 3, wi * 6 / 7, hi / 40, [120, 80, 50]);
            person(&mut img, wi / 3, ground + hi / 8, hi / 3, [183, 28, 28]);
            person(&mut img, wi * 2 / 3, ground + hi / 8, hi / 3, [60, 90, 140]);
        }
    }
    img
}

fn main() {
    for (i, &(name, dir, w, h, orientation, scene)) in PHOTOS.iter().enumerate() {
        let upright = draw(w, h, scene);
        // Stored as the sensor saw it; the flag tells viewers how to turn it.
        let stored = match orientation {
            6 => image::imageops::rotate270(&upright),
            8 => image::imageops::rotate90(&upright),
            _ => upright,
        };
        let mut jpeg = Vec::new();
        let mut enc = jpeg_encoder::Encoder::new(&mut jpeg, 60);
        enc.set_optimized_huffman_tables(true);
        enc.encode(
            stored.as_raw(),
            stored.width() as u16,
            stored.height() as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encode");
        let tags = metadata::Tags {
            orientation: Some(orientation),
            make: Some("SamplePhone".into()),
            model: Some("Sample X1 (generated image)".into()),
            date_time: Some(format!("2024:07:01 08:{:02}:00", 10 + i)),
            gps: Some((30.6598 + i as f64 * 0.001, 104.0657 - i as f64 * 0.001)),
        };
        let jpeg = metadata::with_exif(&jpeg, &tags).expect("exif");
        std::fs::create_dir_all(dir).expect("folder");
        let path = format!("{dir}/{name}");
        std::fs::write(&path, &jpeg).expect("write");
        println!("{path}: {} KB", jpeg.len() / 1024);
    }
}
