//! The command line's own texts: help of every command and option, usage errors, and what
//! `init`, `new`, `theme eject` and `completions` print (clap does not translate itself).

crate::catalogue! {
    ABOUT: "huimin (惠民): builds a public culture site from Markdown articles and YAML activity records."
        / "huimin（惠民）：把 Markdown 文章和 YAML 活动记录生成为公共文化网站。";

    // Help layout.
    HEADING_USAGE: "Usage" / "用法";
    HEADING_COMMANDS: "Commands" / "命令";
    HEADING_ARGUMENTS: "Arguments" / "参数";
    HEADING_OPTIONS: "Options" / "选项";
    DEFAULT_VALUE: "[default: {value}]" / "［默认：{value}］";
    POSSIBLE_VALUES: "[possible values: {values}]" / "［可选：{values}］";
    HELP_FLAG: "Print help" / "显示帮助";
    VERSION_FLAG: "Print version" / "显示版本号";
    HELP_COMMAND: "Print this help, or the help of the given command" / "显示本帮助，或指定命令的帮助";
    HELP_COMMAND_ARG: "The command to explain" / "要查看帮助的命令";
    QUIET: "Print only errors" / "只显示错误";
    VERBOSE: "Print more: notes and what is read and written" / "显示更多信息：提示以及读写了哪些位置";

    // Commands.
    BUILD_ABOUT: "Build the site into the output folder (public/ by default)"
        / "生成网站，写入输出目录（默认 public/）";
    SERVE_ABOUT: "Preview the site: build, serve it on this computer, rebuild and reload on every save"
        / "预览网站：生成后在本机提供浏览，每次保存后自动重新生成并刷新浏览器";
    CHECK_ABOUT: "Check the whole site and list every problem; writes nothing"
        / "检查整个网站并列出全部问题，不写入任何文件";
    INIT_ABOUT: "Create a new site that builds as it is (site.yaml, a home page, an article, an activity, an about page)"
        / "新建一个可以直接生成的站点（site.yaml、首页简介、一篇文章、一条活动记录、一个“关于”页面）";
    NEW_ABOUT: "Create a new article, activity record or page with today's date"
        / "新建一篇文章、一条活动记录或一个页面，日期为今天";
    THEME_ABOUT: "Work with the site's theme" / "管理网站主题";
    EJECT_ABOUT: "Copy the built-in theme to themes/NAME/ so the site can change it"
        / "把内置主题复制到 themes/NAME/，以便修改";
    COMPLETIONS_ABOUT: "Print a shell completion script (bash, zsh, fish, powershell, elvish)"
        / "输出命令行补全脚本（bash、zsh、fish、powershell、elvish）";

    // Options.
    ARG_ROOT: "The site's folder, holding site.yaml and content/"
        / "站点目录（包含 site.yaml 和 content/）";
    ARG_BUILD_OUTPUT: "Where to write the site [default: <root>/public]"
        / "网站写入的目录（默认为 <站点目录>/public）";
    ARG_BASE_URL: "Override base_url from site.yaml, e.g. https://wlj.example.gov.cn/dangjian/"
        / "覆盖 site.yaml 中的 base_url，例如 https://wlj.example.gov.cn/dangjian/";
    ARG_DRAFTS: "Include drafts (draft: true)" / "包含草稿（draft: true）";
    ARG_WATCH: "Keep running and rebuild what changed on every save (no server; see `serve`)"
        / "持续运行，每次保存后重新生成有变化的部分（不启动服务器，预览请用 serve）";
    ARG_PORT: "Port to listen on" / "监听的端口";
    ARG_BIND: "Address to listen on; anything but 127.0.0.1 makes the preview visible to the network"
        / "监听的地址；不是 127.0.0.1 时，网络中的其他电脑也能看到预览";
    ARG_OPEN: "Open the preview in the default browser" / "在默认浏览器中打开预览";
    ARG_SERVE_OUTPUT: "Write the preview into this folder and keep it [default: a temporary folder]"
        / "把预览写入这个目录并保留（默认写入临时目录）";
    ARG_FORMAT: "`human` for people, `json` (one object per line, on standard output) for editors and CI"
        / "human 供人阅读；json 供编辑器和 CI 使用（标准输出中每行一个 JSON 对象）";
    ARG_DENY_WARNINGS: "Exit 1 on warnings as well as errors" / "有警告时也以退出码 1 结束";
    ARG_INIT_DIR: "The folder for the new site (created if needed)" / "新站点的目录（不存在时创建）";
    ARG_INIT_FORCE: "Write into a folder that is not empty (existing files are never overwritten)"
        / "允许写入非空目录（已有的文件仍然不会被覆盖）";
    ARG_NEW_KIND: "What to create: article (content/articles/), activity (content/activities/) or page (content/pages/)"
        / "新建什么：article 文章（content/articles/）、activity 活动记录（content/activities/）、page 页面（content/pages/）";
    ARG_NEW_TITLE: "The title, e.g. \"我与党旗合个影\"" / "标题，例如 \"我与党旗合个影\"";
    ARG_NEW_SLUG: "The web address name [default: the title in pinyin]"
        / "网址名（默认为标题的拼音）";
    ARG_THEME_NAME: "The theme's name: the folder under themes/" / "主题名，即 themes/ 下的目录名";
    ARG_ONLY: "Copy only this file, e.g. base.html or site.css" / "只复制这一个文件，例如 base.html 或 site.css";
    ARG_SHELL: "The shell" / "命令行程序（shell）";

    // Usage errors.
    USAGE_UNKNOWN_ARGUMENT: "unexpected argument `{arg}`" / "无法识别的参数 `{arg}`";
    USAGE_UNKNOWN_COMMAND: "there is no command `{arg}`" / "没有 `{arg}` 这个命令";
    USAGE_DID_YOU_MEAN: "did you mean `{suggestion}`?" / "您是否想写 `{suggestion}`？";
    USAGE_INVALID_VALUE: "`{value}` is not a valid value for `{arg}`" / "`{value}` 不是 `{arg}` 的有效取值";
    USAGE_VALID_VALUES: "possible values: {values}" / "可以使用：{values}";
    USAGE_MISSING: "missing: {args}" / "缺少必需的参数：{args}";
    USAGE_MISSING_COMMAND: "a command is needed" / "需要指定一个命令";
    USAGE_CONFLICT: "`{arg}` cannot be used together with `{other}`" / "`{arg}` 不能与 `{other}` 同时使用";
    USAGE_NUMBER_OF_VALUES: "wrong number of values for `{arg}`" / "`{arg}` 的取值个数不对";
    USAGE_NOT_UTF8: "an argument is not valid UTF-8 text" / "有一个参数不是有效的 UTF-8 文本";
    USAGE_OTHER: "the command line is not valid" / "命令的写法有误";
    USAGE_MORE: "For more information, run `{command} --help`." / "运行 `{command} --help` 查看全部用法。";

    // init
    INIT_NOT_EMPTY: "the folder `{path}` is not empty" / "目录 `{path}` 不是空的";
    INIT_NOT_EMPTY_HELP: "choose a new folder, e.g. `huimin init mysite`, or add --force to add the missing files (existing files are never overwritten)"
        / "请换一个新目录，例如 `huimin init mysite`；或加上 --force 只补充缺少的文件（已有的文件不会被覆盖）";
    INIT_KEPT: "kept {path} (already exists, not overwritten)" / "保留 {path}（已存在，未覆盖）";
    INIT_CREATED: "created a new site in {path}" / "已在 {path} 创建新站点";
    INIT_NEXT: "Next, run these two commands:" / "接下来运行这两条命令：";
    INIT_NEXT_BUILD: "Build the site into {out}:" / "生成网站，写入 {out}：";
    INIT_NEXT_SERVE: "Preview it: open http://127.0.0.1:1111/ in a browser (Ctrl-C stops):"
        / "预览网站：在浏览器中打开 http://127.0.0.1:1111/（按 Ctrl-C 停止）：";
    INIT_NEXT_EDIT: "Then edit site.yaml and the files in content/; add more with `huimin new article \"标题\"`."
        / "然后修改 site.yaml 和 content/ 中的文件；用 `huimin new article \"标题\"` 添加新文章。";

    // new
    NEW_CREATED: "created {path}" / "已创建 {path}";
    NEW_NEXT: "Write it, then run `{command}` to preview." / "写好后运行 `{command}` 预览。";
    NEW_EXISTS: "`{path}` already exists and was not changed" / "`{path}` 已经存在，没有改动";
    NEW_SLUG_TAKEN: "`{path}` already uses the web address name `{slug}`; nothing was written"
        / "`{path}` 已经使用了网址名 `{slug}`，没有写入新文件";
    NEW_EXISTS_HELP: "to make another one with this title, run: {command}"
        / "如要再新建一个同名的，请运行：{command}";
    NEW_EMPTY_TITLE: "the title is empty" / "标题是空的";
    NEW_NO_SLUG: "cannot make a web address name from the title `{title}`" / "无法从标题 `{title}` 生成网址名";
    NEW_NO_SLUG_HELP: "give one with --slug, e.g. --slug news-1" / "请用 --slug 指定，例如 --slug news-1";
    NEW_BAD_SLUG: "`{slug}` is not a valid web address name" / "`{slug}` 不是有效的网址名";
    NEW_BAD_SLUG_HELP: "use lowercase letters, digits and `-`, e.g. wo-yu-dang-qi"
        / "请只用小写字母、数字和 `-`，例如 wo-yu-dang-qi";
    NEW_NO_CONTENT: "`{path}` has no content/ folder: is this a site folder?"
        / "`{path}` 中没有 content/ 目录，这是站点目录吗？";
    NEW_NO_CONTENT_HELP: "run it in the site's folder or give it with -r, or create a site with `huimin init`"
        / "请在站点目录中运行，或用 -r 指定站点目录；新建站点请用 `huimin init`";
    WRITE_FAILED: "cannot write `{path}`: {error}" / "无法写入 `{path}`：{error}";

    // theme eject
    EJECT_BAD_NAME: "`{name}` is not a usable theme name" / "`{name}` 不能用作主题名";
    EJECT_BAD_NAME_HELP: "use a plain folder name such as default or mytheme"
        / "请用一个简单的目录名，例如 default 或 mytheme";
    EJECT_UNKNOWN_FILE: "the built-in theme has no file `{file}`" / "内置主题中没有文件 `{file}`";
    EJECT_FILES_HELP: "its files: {files}" / "内置主题的文件：{files}";
    EJECT_WROTE: "wrote {path}" / "已写入 {path}";
    EJECT_KEPT: "kept {path} (already exists, not overwritten)" / "保留 {path}（已存在，未覆盖）";
    EJECT_NOTHING: "nothing was copied: every file already exists" / "没有复制任何文件：所有文件都已存在";
    EJECT_DONE: "copied {n} file(s) of the built-in theme into {path}; a file you delete there comes back from the built-in theme"
        / "已把内置主题的 {n} 个文件复制到 {path}；删掉其中的文件时，将改用内置主题中的同名文件";
    EJECT_SET_THEME: "to use it, write `theme: {name}` in site.yaml" / "要使用它，请在 site.yaml 中写 `theme: {name}`";
    ARG_NO_CACHE: "Process every image again instead of taking it from .huimin-cache/images/"
        / "重新处理所有图片，不使用 .huimin-cache/images/ 中的缓存";
}
