//! Messages about images: bad files, metadata, the cache, progress.

crate::catalogue! {
    EMPTY: "the image `{file}` is empty (0 bytes)"
        / "图片 `{file}` 是空文件（0 字节）";
    EMPTY_HELP: "copy the photo again from the phone or camera; the copy may have been interrupted"
        / "请从手机或相机重新复制这张照片，上次复制可能没有完成";
    FILE_TOO_LARGE: "the image `{file}` is too large to process ({mb} MB)"
        / "图片 `{file}` 太大（{mb} MB），无法处理";
    NOT_IMAGE: "`{file}` is not a JPEG, PNG or WebP image"
        / "`{file}` 不是 JPEG、PNG 或 WebP 图片";
    NOT_IMAGE_HELP: "open it in an image viewer and save it again as JPEG (photos) or PNG (drawings)"
        / "请用看图软件打开它，另存为 JPEG（照片）或 PNG（图表、绘图）";
    WRONG_EXTENSION: "`{file}` is really a {actual} image, but its name says otherwise"
        / "`{file}` 实际上是 {actual} 图片，与文件扩展名不符";
    WRONG_EXTENSION_HELP: "rename the file with the extension of a {actual} image and update the link to it"
        / "请把文件改成 {actual} 图片的扩展名，并同时修改引用它的地址";
    TOO_LARGE: "the image `{file}` is {width}×{height} pixels, more than huimin processes (16384 on a side, 50 megapixels)"
        / "图片 `{file}` 有 {width}×{height} 像素，超过了可处理的大小（单边 16384 像素、总计 5000 万像素）";
    TOO_LARGE_HELP: "make it smaller in an image editor (4000 pixels on the longer side is plenty for the web) and save it again"
        / "请用图片编辑软件缩小后再保存（长边 4000 像素对网页已经足够）";
    DAMAGED: "the image `{file}` cannot be read: {error}"
        / "无法读取图片 `{file}`：{error}";
    TRUNCATED: "the image `{file}` is incomplete: the file ends before the picture does"
        / "图片 `{file}` 不完整：文件在图像数据结束之前就中断了";
    DAMAGED_HELP: "the file is damaged or incomplete: copy it again from the original, or open and re-save it in an image viewer"
        / "文件已损坏或不完整：请重新从原始来源复制，或用看图软件打开后另存一份";
    CACHE_WRITE: "cannot write the image cache: {error}"
        / "无法写入图片缓存：{error}";
    CACHE_WRITE_HELP: "check free disk space and that the site folder is writable; `.huimin-cache/` can be deleted at any time"
        / "请检查磁盘空间和站点目录的写入权限；`.huimin-cache/` 目录可以随时删除";
    GPS: "this photo records where it was taken (GPS coordinates)"
        / "这张照片记录了拍摄地点（GPS 坐标）";
    GPS_HELP: "the published site never carries it (huimin removes all photo metadata), but the file itself still does: do not pass it on as it is"
        / "发布的网站中不会有这些信息（huimin 会删除照片的全部元数据），但原文件中仍有，请不要把原文件直接转发给别人";
    NO_ALT: "image {n} of this record has no description (alt text)"
        / "这条记录的第 {n} 张图片没有文字说明（替代文字）";
    NO_ALT_HELP: "write `images: [{{src: photo.jpg, alt: 一句话描述照片内容}}]` so visitors who cannot see it know what it shows"
        / "请写成 `images: [{{src: photo.jpg, alt: 一句话描述照片内容}}]`，让看不到图片的访客也知道照片的内容";
    DEFAULT_ALT: "{title} (photo {n})"
        / "{title}（图{n}）";
    PROGRESS: "processing images: {done} / {total}"
        / "正在处理图片：{done} / {total}";
    WEBP_NOTE: "`images.webp` is on, but huimin writes JPEG only: no well-kept lossy WebP encoder exists in pure Rust, and lossless WebP photos are larger than JPEG"
        / "`images.webp` 已打开，但 huimin 只生成 JPEG：目前没有维护良好的纯 Rust 有损 WebP 编码器，而无损 WebP 照片比 JPEG 更大";
    WEBP_HELP: "remove `webp: true` from `images:` in site.yaml"
        / "请从 site.yaml 的 `images:` 中删除 `webp: true`";
    IMAGES_REPORT: "images: {sources} photos, {files} files published ({kb} KB); cache {cache_files} files ({cache_kb} KB) in {dir}; {decoded} decoded this run, {reused} taken from the cache, {read} source files read"
        / "图片：{sources} 张照片，发布 {files} 个文件（{kb} KB）；缓存 {cache_files} 个文件（{cache_kb} KB），位于 {dir}；本次解码 {decoded} 张，{reused} 个文件取自缓存，读取源文件 {read} 个";
    WIDTHS_WRONG: "`widths` must be a list of widths in pixels between 16 and 8000"
        / "`widths` 应是一组 16 到 8000 之间的像素宽度";
    WIDTHS_HELP: "for example `widths: [480, 960, 1600]`"
        / "例如 `widths: [480, 960, 1600]`";
    QUALITY_WRONG: "`quality` must be between 30 and 100"
        / "`quality` 应在 30 到 100 之间";
    QUALITY_HELP: "80 suits photos; higher means larger files"
        / "照片用 80 比较合适，数值越大文件越大";
}
