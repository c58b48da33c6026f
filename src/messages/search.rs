//! Site search: building the index.

crate::catalogue! {
    INDEX_FAILED: "the search index could not be built: {error}" / "无法生成站内搜索的索引：{error}";
    INDEX_FAILED_HELP: "this is a bug in huimin or Pagefind; to publish the site meanwhile, write `search: false` in site.yaml"
        / "这是 huimin 或 Pagefind 的问题；如需先发布网站，可以在 site.yaml 中写 `search: false`";
}
