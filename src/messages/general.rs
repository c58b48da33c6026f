//! Messages shared by every command: summaries, usage errors.

crate::catalogue! {
    SITE_FOLDER_MISSING: "the site folder `{path}` does not exist"
        / "站点目录 `{path}` 不存在";
    NO_PROBLEMS: "no problems found: the site is ready to build"
        / "没有发现问题，可以生成网站了";
    PROBLEM_COUNT: "{errors} error(s), {warnings} warning(s)"
        / "{errors} 个错误，{warnings} 个警告";
    BUILT: "built {pages} pages ({files} files) into {out} in {ms} ms"
        / "已生成 {pages} 个页面（共 {files} 个文件），写入 {out}，用时 {ms} 毫秒";
    BUILD_FAILED: "build failed with {n} error(s); the previous output was left unchanged"
        / "生成失败，共 {n} 个错误；原来的输出目录保持不变";
}
