//! The command line's help texts (clap does not translate itself).

crate::catalogue! {
    ABOUT: "huimin (惠民): builds a public culture site from Markdown articles and YAML activity records."
        / "huimin（惠民）：把 Markdown 文章和 YAML 活动记录生成为公共文化网站。";
}
