//! Checks that need the whole site: addresses, pillars, links, anchors, totals, outputs.

crate::catalogue! {
    BODY_STORE: "cannot set the rendered text aside in a temporary file: {error}"
        / "无法把渲染好的正文暂存到临时文件：{error}";
    BODIES_SPILLED: "bodies: {mb} MB of rendered text set aside in a temporary file (the sources are above the {budget} MB budget, HUIMIN_BODY_BUDGET)"
        / "正文：{mb} MB 渲染好的正文暂存在临时文件里（源文件超过 {budget} MB 的内存预算，见 HUIMIN_BODY_BUDGET）";
    BODY_READ: "cannot read the rendered text back from its temporary file: {error}"
        / "无法从临时文件读回渲染好的正文：{error}";
    RESERVED: "the address `/{slug}/` is reserved for the site's own pages"
        / "网址 `/{slug}/` 是网站自己的页面用的";
    RESERVED_HELP: "give the page another `slug:`; reserved are: {reserved}"
        / "请给这个页面换一个 `slug:`；保留的网址有：{reserved}";
    TOTAL_OVERFLOW: "the total of `{key}` over all records is too large to count"
        / "所有记录的 `{key}` 加起来太大，无法统计";
    TOTAL_OVERFLOW_HELP: "one of the numbers must be a typo; the largest are {largest}"
        / "其中一定有数字写错了；最大的几个在 {largest}";
    UNKNOWN_PILLAR: "unknown pillar `{pillar}`" / "没有 `{pillar}` 这个品牌支柱";
    PILLAR_DID_YOU_MEAN: "did you mean `{suggestion}`? The pillars in site.yaml are: {pillars}"
        / "您是不是想写 `{suggestion}`？site.yaml 中的品牌支柱有：{pillars}";
    PILLAR_USE_ONE: "use one of the pillars in site.yaml: {pillars}"
        / "请使用 site.yaml 中的品牌支柱之一：{pillars}";
    NO_SUCH_RECORD: "no activity record has the slug `{slug}`" / "没有网址名为 `{slug}` 的活动记录";
    DID_YOU_MEAN: "did you mean `{suggestion}`?" / "您是不是想写 `{suggestion}`？";
    RECORD_SLUG_HELP: "a record's slug is its file name without .yaml, or its `slug:`"
        / "活动记录的网址名就是去掉 .yaml 的文件名，或者它的 `slug:`";
    TERM_COLLISION: "`{name}` and `{other}` would share one web address, /{key}/{slug}/"
        / "`{name}` 和 `{other}` 会用同一个网址 /{key}/{slug}/";
    TERM_COLLISION_HELP: "`{other}` is written in {file}:{line}. If they are the same, write them the same way; otherwise give one its own address in site.yaml:\n  term_slugs:\n    {key}:\n      {name}: another-slug"
        / "`{other}` 写在 {file}:{line}。如果两者是同一个意思，请写成一样的；否则请在 site.yaml 中给其中一个指定网址：\n  term_slugs:\n    {key}:\n      {name}: another-slug";
    LINK_NOTHING: "the link `{dest}` points to nothing on this site" / "链接 `{dest}` 指向的页面在本站不存在";
    LINK_NOTHING_HELP: "check the address: pages end with `/` (e.g. /activities/2024-07-01-dangqi/), files in static/ keep their path (e.g. /images/a.png)"
        / "请检查地址：页面以 `/` 结尾（如 /activities/2024-07-01-dangqi/），static/ 中的文件保持原路径（如 /images/a.png）";
    LINK_OUTSIDE: "the link `{dest}` points outside the site folder" / "链接 `{dest}` 指向站点目录之外";
    LINK_DRAFT: "the link `{dest}` points to a draft, which is not published" / "链接 `{dest}` 指向一篇草稿，草稿不会发布";
    LINK_DRAFT_HELP: "publish it (remove `draft: true`) or remove the link; `--drafts` includes drafts in a preview"
        / "请发布它（删掉 `draft: true`）或删掉这个链接；预览时加 `--drafts` 会包含草稿";
    FILE_MISSING_LINK: "the link `{dest}` points to a file that does not exist" / "链接 `{dest}` 指向的文件不存在";
    FILE_MISSING_IMAGE: "the image `{dest}` points to a file that does not exist" / "图片 `{dest}` 指向的文件不存在";
    FILE_MISSING_HELP: "the path is relative to this file's folder ({dir}/); check the spelling and the letter case"
        / "路径是相对于本文件所在目录（{dir}/）的；请检查拼写和大小写";
    FILE_MISSING_DID_YOU_MEAN: "did you mean `{suggestion}`? (the path is relative to this file's folder, {dir}/)"
        / "您是不是想写 `{suggestion}`？（路径是相对于本文件所在目录 {dir}/ 的）";
    SCRIPT_LINK: "the link `{url}` uses `{scheme}`, which runs a script in every visitor's browser"
        / "链接 `{url}` 使用了 `{scheme}`，会在每位访客的浏览器中运行脚本";
    SCRIPT_IMAGE: "the image `{url}` uses `{scheme}`, which runs a script in every visitor's browser"
        / "图片 `{url}` 使用了 `{scheme}`，会在每位访客的浏览器中运行脚本";
    SCRIPT_HELP: "link to a page of the site (e.g. /articles/…/) or to a web address (https://…); scripts cannot be put in articles"
        / "请链接到站内页面（如 /articles/…/）或网址（https://…）；文章里不能放脚本";
    DATA_IMAGE: "the image `{url}` is an inline `{scheme}` image, which can carry a script"
        / "图片 `{url}` 是内嵌的 `{scheme}` 图片，里面可能藏有脚本";
    DATA_IMAGE_HELP: "save the picture as a .png or .jpg file next to the article and write ![说明](picture.png)"
        / "请把图片另存为 .png 或 .jpg 文件放在文章旁边，然后写 ![说明](picture.png)";
    DATA_LINK: "the link `{url}` is a `data:` address, which can hide a whole page with a script"
        / "链接 `{url}` 是 `data:` 地址，里面可能藏着带脚本的整个网页";
    DATA_LINK_HELP: "put the file next to the article and link to it (e.g. [说明](file.pdf)), or link to a web address (https://…)"
        / "请把文件放在文章旁边并链接到它（如 [说明](file.pdf)），或链接到一个网址（https://…）";
    COVER: "cover: {message}" / "封面图片：{message}";
    IMAGES: "images: {message}" / "图片：{message}";
    BROKEN_ANCHOR: "the link `{url}` points to a heading that does not exist" / "链接 `{url}` 指向的标题不存在";
    ANCHOR_NO_HEADINGS: "that page has no headings to link to; remove the `#…` part"
        / "那个页面没有可以链接的标题；请删掉 `#…` 部分";
    ANCHOR_HEADINGS: "headings on that page: {headings}" / "那个页面上的标题有：{headings}";
    FUTURE_DATE: "the date {date} is in the future" / "日期 {date} 还没有到";
    FUTURE_DATE_HELP: "it is published now and listed first; check the date, or keep `draft: true` until then"
        / "它现在就会发布并排在最前面；请检查日期，或者到那天之前先保持 `draft: true`";
    NO_SUMMARY: "long article without a summary" / "长文章没有摘要";
    NO_SUMMARY_HELP: "lists show only its first 120 characters: add `summary:` or put `<!-- more -->` after the opening paragraph"
        / "列表中只显示它的前 120 个字：请加上 `summary:`，或在第一段后面放 `<!-- more -->`";
    NO_ALT: "image without alt text" / "图片没有替代文字";
    NO_ALT_HELP: "describe the picture between the brackets, e.g. ![党员志愿者在社区演出](photo.jpg): screen readers read it aloud"
        / "请在方括号中描述图片，例如 ![党员志愿者在社区演出](photo.jpg)：读屏软件会把它读出来";
    NO_ALT_RAW_HELP: "describe the picture in the tag, e.g. <img src=\"photo.jpg\" alt=\"党员志愿者在社区演出\">: screen readers read it aloud"
        / "请在标签中描述图片，例如 <img src=\"photo.jpg\" alt=\"党员志愿者在社区演出\">：读屏软件会把它读出来";
    CJK_EMPHASIS: "`{written}` is shown as plain asterisks, not bold or italic" / "`{written}` 会原样显示星号，不会变成粗体或斜体";
    CJK_EMPHASIS_HELP: "CommonMark ignores `*` next to Chinese punctuation; write `{suggested}` instead (e.g. “**党建引领**”品牌)"
        / "紧挨中文标点的 `*` 不会被识别；请改写成 `{suggested}`（例如 “**党建引领**”品牌）";
    LARGE_IMAGE: "image is {mb} MB: visitors on phones wait for it" / "图片有 {mb} MB，用手机访问的人要等很久";
    LARGE_IMAGE_HELP: "make it smaller than 1 MB (about 1600 pixels wide is plenty)"
        / "请把它缩小到 1 MB 以下（宽约 1600 像素就足够了）";
    REPLACES_THEME_FILE: "replaces the theme's `/{path}` ({theme})" / "替换了主题的 `/{path}`（{theme}）";
    REPLACES_THEME_FILE_HELP: "this is allowed: the site's own file is published in its place"
        / "这是允许的：发布的是站点自己的文件";
    SAME_PAGE: "several sources make the same page `/{path}`: {sources}" / "多个来源生成同一个页面 `/{path}`：{sources}";
    SAME_FILE: "several sources make the same file `/{path}`: {sources}" / "多个来源生成同一个文件 `/{path}`：{sources}";
    SAME_OUTPUT_HELP: "give one of them another name (or `slug:`) so each has its own address"
        / "请给其中一个换个名字（或 `slug:`），让每个都有自己的地址";
    THEME_SOURCE: "{name} (theme)" / "{name}（主题）";
    NEIGHBOUR_SOURCE: "{page} (file {file})" / "{page}（文件 {file}）";
    GENERATED_PAGE: "the generated page {route}" / "自动生成的页面 {route}";
}
