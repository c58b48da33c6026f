//! Site search: building the index.

crate::catalogue! {
    NAV_NO_SEARCH: "the menu links to `{url}`, but this site has no search page (`search: false`)"
        / "导航菜单链接到 `{url}`，但本站没有搜索页（`search: false`）";
    NAV_NO_SEARCH_HELP: "remove this menu item, or turn search on again by deleting `search: false` from site.yaml"
        / "请删除这个菜单项，或者从 site.yaml 中删去 `search: false`，重新打开站内搜索";
    BUNDLE_SOURCE: "the search bundle (`{path}`)" / "站内搜索的索引（`{path}`）";
    INDEX_FAILED: "the search index could not be built: {error}" / "无法生成站内搜索的索引：{error}";
    INDEX_FAILED_HELP: "this is a bug in huimin or Pagefind; to publish the site meanwhile, write `search: false` in site.yaml"
        / "这是 huimin 或 Pagefind 的问题；如需先发布网站，可以在 site.yaml 中写 `search: false`";
}
