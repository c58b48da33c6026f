//! Reading content files and site.yaml: encodings, fences, records, settings, walking.

crate::catalogue! {
    CANNOT_READ_FILE: "cannot read the file: {error}" / "无法读取这个文件：{error}";
    CANNOT_READ_FILE_HELP: "check that the file exists and that you are allowed to read it"
        / "请确认文件存在，并且您有权限读取它";
    CHANGED_DURING_BUILD: "the file changed while the site was being built, after it was read"
        / "这个文件在构建过程中（读取之后）被修改了";
    CHANGED_DURING_BUILD_HELP: "no page was made from the changed text: save the file, then build again"
        / "没有用改动后的内容生成页面：请保存好文件后再重新构建";
    CANNOT_READ: "cannot read: {error}" / "无法读取：{error}";
    CANNOT_READ_HELP: "check the file's permissions" / "请检查文件的权限";
    UTF16: "the file is {name} text (Notepad calls it “Unicode”), not UTF-8"
        / "这个文件是 {name} 编码（记事本里叫“Unicode”），不是 UTF-8";
    SAVE_AS_UTF8: "save it again as UTF-8 (in Notepad: 另存为 → 编码: UTF-8), or convert it with `iconv -f {name} -t UTF-8`"
        / "请把它另存为 UTF-8（记事本：另存为 → 编码：UTF-8），或用 `iconv -f {name} -t UTF-8` 转换";
    NOT_UTF8: "the file is not UTF-8 text; it looks like {name}"
        / "这个文件不是 UTF-8 编码，看起来是 {name}";
    GBK_NAME: "GBK/GB18030 (common for files saved on Chinese Windows)"
        / "GBK/GB18030（中文 Windows 上保存的文件常见这种编码）";
    FRONT_MATTER_OPEN: "the front matter is not closed" / "文件开头的 front matter 没有结束";
    FRONT_MATTER_OPEN_HELP: "add a line with only `---` after the last front-matter key, before the text"
        / "请在最后一个键之后、正文之前加一行只有 `---` 的分隔线";
    NO_FRONT_MATTER: "the file has no front matter" / "这个文件没有 front matter（开头的 `---` 信息块）";
    NO_FRONT_MATTER_HELP: "start the file with a block like\n  ---\n  title: 标题\n  date: 2024-07-01\n  ---"
        / "请在文件开头加上这样一段：\n  ---\n  title: 标题\n  date: 2024-07-01\n  ---";
    THE_FRONT_MATTER: "the front matter" / "开头的 front matter 信息块";
    FRONT_MATTER_NO_TITLE_HELP: "add a line `title: 标题` between the `---` lines"
        / "请在两行 `---` 之间加一行 `title: 标题`";
    UPDATED_BEFORE_DATE: "`updated` ({updated}) is before `date` ({date})"
        / "更新日期 `updated`（{updated}）早于发布日期 `date`（{date}）";
    UPDATED_BEFORE_DATE_HELP: "`updated` is when the article last changed: it cannot be before it was published"
        / "`updated` 是文章最后修改的日期，不能早于发布日期";
    NO_SLUG: "cannot make a web address from this name" / "无法用这个名字生成网址";
    NO_SLUG_HELP: "add `slug:` with letters, digits and hyphens, for example `slug: wenhua-jie`"
        / "请加上 `slug:`，用字母、数字和连字符，例如 `slug: wenhua-jie`";
    NO_RECORD_SLUG: "cannot make a web address from this record's name" / "无法用这条记录的名字生成网址";
    NO_RECORD_SLUG_HELP: "add `slug:` with letters, digits and hyphens" / "请加上 `slug:`，用字母、数字和连字符";
    NO_RECORD: "the file holds no activity record" / "这个文件里没有活动记录";
    NO_RECORD_HELP: "write at least `title:`, `date:` and `category:`, or delete the file"
        / "请至少写上 `title:`、`date:` 和 `category:`，或者删除这个文件";
    EMPTY_LIST: "the list holds no activity record" / "这个列表里没有活动记录";
    EMPTY_LIST_HELP: "write records as `- title: …` items, or delete the file"
        / "请把每条记录写成 `- title: …` 这样的一项，或者删除这个文件";
    EACH_RECORD: "each record of the list" / "列表中的每条记录";
    A_RECORD: "an activity record" / "活动记录";
    SESSIONS_ZERO: "`sessions` must be at least 1" / "场次 `sessions` 至少是 1";
    SESSIONS_ZERO_HELP: "give the number of sessions or performances, or leave the key out for 1"
        / "请写活动或演出的场次；不写这个键就按 1 场计算";
    END_BEFORE_START: "`end_date` ({end}) is before `date` ({start})"
        / "结束日期 `end_date`（{end}）早于开始日期 `date`（{start}）";
    END_BEFORE_START_HELP: "an activity ends on or after the day it starts: swap or correct the dates"
        / "活动不能在开始之前结束：请对调或改正这两个日期";
    NO_SITE_YAML: "no site.yaml in the site folder" / "站点目录中没有 site.yaml";
    NO_SITE_YAML_HELP: "run huimin in the site's folder, or pass it with --root; a site needs at least `title:` and `base_url:`"
        / "请在站点目录中运行 huimin，或用 --root 指定站点目录；site.yaml 至少要有 `title:` 和 `base_url:`";
    BAD_BASE_URL_FLAG: "`{url}` is not a web address" / "`{url}` 不是一个网址";
    BAD_BASE_URL_FLAG_HELP: "write it like https://wlj.example.gov.cn/dangjian/"
        / "请写成 https://wlj.example.gov.cn/dangjian/ 这样";
    NO_CONTENT: "no content/ folder" / "没有 content/ 目录";
    NO_CONTENT_HELP: "create content/ with articles/, pages/ and activities/ inside"
        / "请新建 content/ 目录，里面放 articles/、pages/ 和 activities/";
    MISPLACED: "this file is not in a content section and is ignored" / "这个文件不在内容目录中，已被忽略";
    MISPLACED_HELP: "put articles in content/articles/, pages in content/pages/, records in content/activities/"
        / "文章放在 content/articles/，页面放在 content/pages/，活动记录放在 content/activities/";
    DRAFT: "this is a draft and is not published" / "这是草稿，不会发布";
    DRAFT_HELP: "remove `draft: true` when it is ready; `--drafts` shows drafts in a preview"
        / "准备好后删掉 `draft: true`；预览时加 `--drafts` 可以看到草稿";
    HIDDEN_FOLDER: "hidden folder skipped: it is never read or published" / "已跳过隐藏目录：它不会被读取或发布";
    HIDDEN_FILE: "hidden file skipped: it is never read or published" / "已跳过隐藏文件：它不会被读取或发布";
    LINK_UNFOLLOWABLE: "the link to `{target}` cannot be followed: {error}" / "指向 `{target}` 的链接无法跟随：{error}";
    LINK_UNFOLLOWABLE_HELP: "delete the link (a link that points to itself makes an endless loop)"
        / "请删除这个链接（指向自己的链接会造成无限循环）";
    LINK_DANGLING: "the link points to `{target}`, which does not exist" / "这个链接指向的 `{target}` 不存在";
    LINK_DANGLING_HELP: "delete the link, or put the file itself here" / "请删除这个链接，或者把文件本身放在这里";
    SYMLINK_OUTSIDE: "the link points outside the site folder, to `{target}`; it is not read or published"
        / "这个链接指向站点目录之外的 `{target}`，不会被读取或发布";
    SYMLINK_OUTSIDE_HELP: "copy the file into the site instead: anything a link reaches could be published"
        / "请把文件复制到站点里：链接能到达的任何文件都可能被发布出去";
    LINK_LOOP: "the link to `{target}` leads back into itself" / "指向 `{target}` 的链接又绕回了自己";
    LINK_LOOP_HELP: "delete the link: it makes the folder endless" / "请删除这个链接：它让目录无穷无尽";
    BASE_URL_UNUSABLE: "`base_url` is not a web address that can be used: `{url}` ({why})"
        / "`base_url`（网站地址）不能使用：`{url}`（{why}）";
    BASE_URL_HELP: "write the full address, for example https://wlj.example.gov.cn/ or https://wlj.example.gov.cn/dangjian/"
        / "请写完整的网址，例如 https://wlj.example.gov.cn/ 或 https://wlj.example.gov.cn/dangjian/";
    URL_NO_SCHEME: "it has no `https://` in front" / "前面缺少 `https://`";
    URL_INVALID: "it is not a valid web address ({error})" / "这不是有效的网址（{error}）";
    URL_SCHEME: "it must start with https:// or http://, not {scheme}://" / "必须以 https:// 或 http:// 开头，而不是 {scheme}://";
    URL_NO_HOST: "it names no host" / "没有写域名";
    URL_CREDENTIALS: "it contains a user name or password, which would be published on every page"
        / "里面有用户名或密码，会被印在每一个页面上";
    URL_QUERY: "it contains `?` or `#`; a site address is only the host and a folder"
        / "里面有 `?` 或 `#`；网站地址只能是域名加目录";
    PAGINATE_ZERO: "`paginate` must be at least 1" / "每页条数 `paginate` 至少是 1";
    PAGINATE_ZERO_HELP: "set how many items a list page shows, for example `paginate: 10`"
        / "请设置列表每页显示几条，例如 `paginate: 10`";
    NAV_UNSAFE: "the menu link `{url}` uses `{scheme}`, which can run code in visitors' browsers"
        / "菜单链接 `{url}` 使用了 `{scheme}`，会在访客的浏览器中运行代码";
    NAV_UNSAFE_HELP: "link to a page of the site (/about/) or to an https:// address"
        / "请链接到站内页面（如 /about/）或 https:// 开头的网址";
    FEED_CONTENT: "`content` of the feed is `{value}`; it can be `summary` or `full`"
        / "订阅源的 `content` 写的是 `{value}`，只能是 `summary` 或 `full`";
    FEED_CONTENT_HELP: "`summary` puts each article's summary in the feed, `full` the whole text"
        / "`summary` 在订阅源中放每篇文章的摘要，`full` 放全文";
    TERM_SLUGS_SHAPE: "`term_slugs.{key}` should list `term: slug` lines" / "`term_slugs.{key}` 应当是一行行的 `名称: 网址名`";
    TERM_SLUGS_HELP: "write it like\n  term_slugs:\n    {key}:\n      C++: cpp" / "请这样写：\n  term_slugs:\n    {key}:\n      C++: cpp";
    TERM_SLUG_BAD: "the slug for `{term}` must be letters, digits and hyphens" / "`{term}` 的网址名只能用字母、数字和连字符";
    TERM_SLUG_BAD_HELP: "for example `C++: cpp`" / "例如 `C++: cpp`";
}
