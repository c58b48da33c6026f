//! Writing the site, the theme, and the preview: output folders, templates, the server.

crate::catalogue! {
    WORKBOOK: "cannot write the statistics workbook: {error}" / "无法生成统计工作簿：{error}";
    CHOOSE: "choose a new or empty folder for the output, or leave out --output to write public/ in the site folder"
        / "请换一个新的或空的输出目录，或者不写 --output，生成到站点目录下的 public/";
    REFUSING: "refusing to write the site into `{path}`: {why}" / "不能把网站写入 `{path}`：{why}";
    IS_ROOT: "it is the file system root" / "这是文件系统的根目录";
    IS_HOME: "it is your home folder" / "这是您的主目录";
    HOLDS_HOME: "it contains your home folder" / "它包含您的主目录";
    IS_SITE: "it is the site folder itself" / "这就是站点目录本身";
    HOLDS_SITE: "it contains the site folder and its content/" / "它包含站点目录和其中的 content/";
    IN_SOURCES: "it is inside {source}/, whose files are the site's sources" / "它在 {source}/ 之内，那里的文件是网站的源文件";
    SIGN_SITE_YAML: "a site.yaml" / "site.yaml 文件";
    SIGN_CONTENT: "a content/ folder" / "content/ 目录";
    HOLDS_SIGN: "it holds {sign}, like a site's folder, whose sources replacing it would delete"
        / "它里面有{sign}，像是一个站点目录，替换它会删掉那些源文件";
    INSIDE_SITE: "it is inside `{path}`, which holds {sign}: another site's folder"
        / "它在 `{path}` 之内，那里有{sign}，是另一个站点的目录";
    NOT_A_FOLDER: "it exists and is not a folder" / "它已经存在，而且不是目录";
    UNREADABLE: "it cannot be read: {error}" / "无法读取它：{error}";
    NOT_OURS: "it is not empty and huimin did not write it (it has no {marker} file), so its files would be deleted"
        / "它不是空的，也不是 huimin 写的（里面没有 {marker} 文件），替换它会删掉其中的文件";
    NOT_OURS_HELP: "huimin replaces the whole output folder at every build: choose a new or empty folder, or empty this one yourself if none of its files are needed (a folder an older huimin wrote, too)"
        / "huimin 每次生成都会整体替换输出目录：请换一个新的或空的目录；如果其中的文件都不需要了（包括旧版 huimin 写的目录），请自己先清空它";
    SITE_BELOW: "`{path}` inside it holds {sign}, like a site's folder, whose sources replacing the output would delete"
        / "它里面的 `{path}` 有{sign}，像是一个站点目录，替换输出目录会删掉那些源文件";
    SITE_BELOW_HELP: "move that folder out of the output first, or choose a new or empty folder for the output"
        / "请先把那个目录移出输出目录，或者换一个新的或空的输出目录";
    BUSY: "another huimin build is writing to {path}; wait for it to finish" / "另一个 huimin 正在写入 {path}，请等它完成";
    BUSY_HELP: "this build waited {seconds} s for it and left the output unchanged; build again once the other one is done (a huimin serve or build --watch starting on the same folder counts too)"
        / "本次生成等了 {seconds} 秒，输出目录没有改动；请等另一次完成后再生成（在同一目录上启动的 huimin serve 或 build --watch 也算）";
    WAITING: "another huimin build is writing to {path}; waiting up to {seconds} s for it to finish"
        / "另一个 huimin 正在写入 {path}，最多等待 {seconds} 秒";
    CANNOT_WRITE: "cannot write the output: {error}" / "无法写入输出目录：{error}";
    CANNOT_WRITE_HELP: "check free disk space and that the folder is writable; the previous output is unchanged"
        / "请检查磁盘空间和目录的写入权限；原来的输出目录没有改动";
    CANNOT_WRITE_PREVIEW_HELP: "check free disk space and that the folder is writable"
        / "请检查磁盘空间和目录的写入权限";
    THEME_MISSING: "theme `{theme}` not found in themes/{theme}/" / "在 themes/{theme}/ 中找不到主题 `{theme}`";
    THEME_MISSING_HELP: "set `theme: default`, or put the theme's templates/ and static/ in themes/<name>/"
        / "请设置 `theme: default`，或者把主题的 templates/ 和 static/ 放进 themes/<名字>/";
    REPLACES_BUILTIN: "replaces the built-in theme's `{file}`" / "替换了内置主题的 `{file}`";
    REPLACES_BUILTIN_HELP: "every file the site does not provide comes from the built-in theme"
        / "站点没有提供的文件都来自内置主题";
    TEMPLATE_ERROR: "template error: {message}" / "模板错误：{message}";
    TEMPLATE_ERROR_HELP: "fix the template at this line; the full report follows:\n{report}"
        / "请修改模板的这一行；完整报告如下：\n{report}";
    TEMPLATE_PARENT: "template extends `{parent}`, which does not exist" / "模板继承的 `{parent}` 不存在";
    TEMPLATE_PARENT_HELP: "check the name in `{{% extends %}}`" / "请检查 `{{% extends %}}` 中的模板名";
    TEMPLATE_MISSING: "template `{name}` is missing" / "缺少模板 `{name}`";
    TEMPLATE_MISSING_HELP: "add it to the theme's templates/ or to the site's templates/ folder"
        / "请把它放到主题的 templates/ 或站点的 templates/ 目录中";
    TEMPLATE_FILTER_HELP: "check the spelling; filters huimin adds are cn_date, url, abs_url and num"
        / "请检查拼写；huimin 提供的过滤器有 cn_date、url、abs_url 和 num";
    BUILT_IN_TEMPLATE: "themes/default/templates/{name} (built in)" / "themes/default/templates/{name}（内置）";
    HTML_TOO_DEEP: "the text nests more than {depth} elements inside one another here (HTML tags, quotes or lists)"
        / "这里嵌套了超过 {depth} 层（HTML 标签、引用或列表）";
    HTML_TOO_DEEP_HELP: "close each HTML tag you open (`<div>` … `</div>`) and flatten the nesting; until then the HTML is shown as plain text"
        / "请把每个打开的 HTML 标签关上（`<div>` … `</div>`），减少嵌套；在此之前这段 HTML 会按纯文本显示";
    CANNOT_WATCH: "cannot watch the site's files: {error}" / "无法监视站点的文件：{error}";
    WATCHING: "watching {path} for changes; Ctrl-C to stop" / "正在监视 {path} 的改动；按 Ctrl-C 停止";
    AFTER_CHANGE: " after a change to {path}" / "（因为 {path} 有改动）";
    AFTER_CHANGES: " after {n} changes" / "（因为有 {n} 处改动）";
    SCOPE_ALL: "the whole site" / "整个网站";
    SCOPE_SOME: "the affected pages" / "受影响的页面";
    REBUILT: "rebuilt {scope}{what}: {pages} pages rendered, {files} files changed, {ms} ms"
        / "已重新生成{scope}{what}：渲染 {pages} 个页面，{files} 个文件有变化，用时 {ms} 毫秒";
    PREVIEW_FAILED: "build failed{what} with {n} error(s); the preview keeps the last good version"
        / "生成失败{what}，共 {n} 个错误；预览仍显示上一次成功的版本";
    PREVIEW_AT: "preview at {url}  (watching for changes; Ctrl-C to stop)" / "预览地址 {url}（正在监视改动；按 Ctrl-C 停止）";
    PREVIEW_STOPPED: "preview stopped" / "预览已停止";
    SERVER_FAILED: "cannot start the preview server: {error}" / "无法启动预览服务器：{error}";
    SERVER_STOPPED: "the preview server stopped: {error}" / "预览服务器停止了：{error}";
    SERVER_CANNOT_LISTEN: "the preview server cannot listen: {error}" / "预览服务器无法监听：{error}";
    PUBLIC_BIND: "the preview listens on {address}: other computers on the network can see it, drafts included."
        / "预览在 {address} 上监听：网络中的其他电脑都能看到它，包括草稿。";
    PUBLIC_BIND_HELP: "leave out --bind to keep it on this computer only" / "不写 --bind 就只在本机可见";
    PORT_BUSY: "port {port} on {address} is already in use (is another preview running?)"
        / "{address} 上的端口 {port} 已被占用（是不是另一个预览还在运行？）";
    PORT_ERROR: "port {port} on {address} cannot be opened: {error}" / "无法打开 {address} 上的端口 {port}：{error}";
    PORT_HELP: "choose another port, for example `huimin serve --port {port}`" / "请换一个端口，例如 `huimin serve --port {port}`";
    TEMP_FOLDER: "cannot make the preview's temporary folder in {path}: {error}" / "无法在 {path} 中创建预览用的临时目录：{error}";
    TEMP_FOLDER_HELP: "give the preview a folder of its own with --output" / "请用 --output 给预览指定一个目录";
    NO_BROWSER: "could not open a browser; open {url} yourself" / "无法打开浏览器；请自己打开 {url}";
    NO_CTRL_C: "Ctrl-C handling is not available: {error}" / "无法处理 Ctrl-C：{error}";
    WATCH_WARNING: "watching the sources: {error}" / "监视源文件时出错：{error}";
    OVERLAY_TITLE: "Build failed: {n} error(s)" / "构建失败：{n} 个错误";
    OVERLAY_TEXT: "The preview keeps the last good version; save a fix and this page reloads."
        / "网站仍显示上一次成功的版本。修改文件并保存后，本页会自动刷新。";
    ERROR_PAGE_TITLE: "Build failed" / "构建失败";
    FORBIDDEN_HOST: "403 Forbidden: this preview answers only at {url} (or localhost).\nA request for another name can come from a web page trying to read the preview.\nTo preview from another computer, start it with `huimin serve --bind 0.0.0.0`.\n"
        / "403 禁止访问：这个预览只在 {url}（或 localhost）回答。\n用其他名字发来的请求可能来自一个想读取预览的网页。\n要从别的电脑预览，请用 `huimin serve --bind 0.0.0.0` 启动。\n";
}
