//! Messages shared by every command: summaries, usage errors.

crate::catalogue! {
    SITE_FOLDER_MISSING: "the site folder `{path}` does not exist"
        / "站点目录 `{path}` 不存在";
    NO_PROBLEMS: "no problems found: the site is ready to build"
        / "没有发现问题，可以生成网站了";
    PROBLEM_COUNT: "{errors} error(s), {warnings} warning(s)"
        / "{errors} 个错误，{warnings} 个警告";
    BUILT: "built {pages} pages and {activities} activities: {files} files written to {out} in {secs} s"
        / "已生成 {pages} 个页面、{activities} 条活动：共 {files} 个文件写入 {out}，用时 {secs} 秒";
    BUILT_UNCHANGED: "built {pages} pages and {activities} activities: {files} files in {out}, {written} of them written (the others had not changed) in {secs} s"
        / "已生成 {pages} 个页面、{activities} 条活动：{out} 中共 {files} 个文件，其中 {written} 个写入（其余没有变化），用时 {secs} 秒";
    VERBOSE_READING: "reading the site in {root}" / "读取站点：{root}";
    VERBOSE_WRITING: "writing into {out}" / "写入：{out}";
    BUILD_FAILED: "build failed with {n} error(s); the previous output was left unchanged"
        / "生成失败，共 {n} 个错误；原来的输出目录保持不变";
}
