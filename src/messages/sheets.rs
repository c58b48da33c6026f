//! Messages of spreadsheet import (`huimin import`), the CSV/XLSX exports and `huimin stats`.

crate::catalogue! {
    CANNOT_OPEN: "cannot read the spreadsheet: {reason}"
        / "无法读取表格：{reason}";
    WPS_ET: "WPS `.et` files cannot be read"
        / "无法读取 WPS 的 .et 文件";
    WPS_ET_HELP: "in WPS choose 文件 → 另存为 → Excel 工作簿 (*.xlsx), then import the .xlsx"
        / "请在 WPS 中选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”，再导入 .xlsx 文件";
    UNKNOWN_FORMAT: "`{ext}` is not a spreadsheet huimin reads"
        / "不支持 `{ext}` 格式的文件";
    UNKNOWN_FORMAT_HELP: "save the log as .xlsx, .xls, .ods or .csv"
        / "请把台账另存为 .xlsx、.xls、.ods 或 .csv 格式";
    NO_SHEET: "the workbook has no sheet named `{name}`"
        / "工作簿中没有名为「{name}」的工作表";
    NO_SHEET_HELP: "its sheets are: {names}"
        / "现有的工作表：{names}";
    EMPTY_WORKBOOK: "the workbook has no sheet"
        / "工作簿中没有任何工作表";
    NO_HEADER: "no header row found: no row names at least two known columns"
        / "找不到表头行：没有哪一行包含至少两个可识别的列名";
    NO_HEADER_HELP: "put a row of column names above the records, for example: {names}"
        / "请在记录上方加一行列名，例如：{names}";
    UNKNOWN_COLUMN: "unknown column `{name}`: it is ignored"
        / "无法识别的列「{name}」，已忽略";
    UNKNOWN_COLUMN_SUGGEST: "did you mean `{suggestion}`? Known columns: {names}"
        / "您是不是想写「{suggestion}」？可识别的列名：{names}";
    UNKNOWN_COLUMN_HELP: "known columns: {names}"
        / "可识别的列名：{names}";
    DUPLICATE_COLUMN: "the column `{name}` appears twice (both mean `{key}`)"
        / "「{name}」列重复（与前面的列都表示 `{key}`）";
    DUPLICATE_COLUMN_HELP: "the first one is used: delete or rename the other"
        / "只使用第一列，请删除或改名另一列";
    NO_ROWS: "the sheet holds no record below its header row"
        / "表头下面没有任何记录";
    ENCODING_READ: "read {file} as {encoding}"
        / "已按 {encoding} 编码读取 {file}";
    OWN_FILE_REFUSED: "`{path}` already exists and was not written by an import of {source}: nothing was written"
        / "`{path}` 已存在，且不是从 {source} 导入生成的，未写入任何文件";
    OWN_FILE_REFUSED_HELP: "rename or move that file, or give the log another file name"
        / "请把那个文件改名或移走，或者给台账换一个文件名";
    IMPORT_FAILED: "{n} error(s) in the log: nothing was written"
        / "台账中有 {n} 个错误，未写入任何文件";
    DIFF_ADDED: "added: {title} ({date})"
        / "新增：{title}（{date}）";
    DIFF_CHANGED: "changed: {title} ({date})"
        / "修改：{title}（{date}）";
    DIFF_REMOVED: "removed: {title} ({date})"
        / "删除：{title}（{date}）";
    DIFF_SUMMARY: "{added} added, {changed} changed, {removed} removed, {same} unchanged"
        / "新增 {added} 条，修改 {changed} 条，删除 {removed} 条，未变 {same} 条";
    DRY_RUN: "dry run: {records} record(s) would be written to {path}; nothing was written"
        / "试运行：将把 {records} 条记录写入 {path}；未写入任何文件";
    IMPORTED: "imported {records} record(s) from {source} into {path}"
        / "已从 {source} 导入 {records} 条记录，写入 {path}";
    UNCHANGED: "{path} is already up to date"
        / "{path} 已是最新，无需改动";
    WRITE_FAILED: "cannot write {path}: {reason}"
        / "无法写入 {path}：{reason}";
    STATS_FAILED: "the site has errors: run `huimin check` to see them"
        / "网站内容有错误，请运行 `huimin check` 查看";
    STATS_YEAR: "In {year}, {activities} activities were held in {sessions} sessions, reaching {participants} people"
        / "{year}年共开展活动 {activities} 项 {sessions} 场次，服务群众 {participants} 人次";
    STATS_ALL: "In all, {activities} activities were held in {sessions} sessions, reaching {participants} people"
        / "累计开展活动 {activities} 项 {sessions} 场次，服务群众 {participants} 人次";
    STATS_OF_WHICH: "; of these, {parts}."
        / "；其中{parts}。";
    STATS_PART: "{name}: {activities} activities, {sessions} sessions, {participants} people"
        / "{name} {activities} 项 {sessions} 场次、{participants} 人次";
    STATS_UPCOMING: "{n} more activities are planned."
        / "另有 {n} 项活动尚未开展。";
    STATS_NONE: "No activity was held in {year}."
        / "{year}年没有开展活动。";
    COL_NAME: "Name"
        / "名称";
    COL_ACTIVITIES: "Activities"
        / "活动（项）";
    COL_SESSIONS: "Sessions"
        / "场次";
    COL_PARTICIPANTS: "People reached"
        / "服务群众（人次）";
    TOTAL: "Total"
        / "合计";
    BY_CATEGORY: "By category"
        / "按类别";
    BY_YEAR: "By year"
        / "按年份";
    BY_PILLAR: "By pillar"
        / "按品牌支柱";
    BY_SERIES: "By series"
        / "按系列活动";
    BY_MONTH: "By month"
        / "按月份";
    NO_MATCH_YEAR: "there are no activities in {year}"
        / "{year}年没有活动记录";
    // Help texts of `import` and `stats`, for the command line's catalogue (`cmd/mod.rs`
    // `about` and `arg_help`); the doc comments in cmd/mod.rs say the same in English.
    IMPORT_ABOUT: "Import records from a spreadsheet (an activity log kept in Excel, WPS or LibreOffice)"
        / "从电子表格导入记录（用 Excel、WPS 或 LibreOffice 记的活动台账）";
    IMPORT_ACTIVITIES_ABOUT: "Activity records from a .xlsx, .xls, .ods or .csv log into content/activities/"
        / "把 .xlsx、.xls、.ods 或 .csv 格式的台账导入为 content/activities/ 中的活动记录";
    ARG_FILE: "The log: .xlsx, .xls, .ods or .csv (UTF-8 or GBK)."
        / "台账文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK 编码）。";
    ARG_SHEET: "The sheet to read [default: the first one]."
        / "要读取的工作表 [默认：第一个工作表]。";
    ARG_PER_ROW: "Write one YAML file per row (in content/activities/<log name>/) instead of one list."
        / "每行写一个 YAML 文件（放在 content/activities/<台账文件名>/ 中），而不是写成一个列表文件。";
    ARG_DRY_RUN: "Show what would change and the YAML, and write nothing."
        / "只显示将要发生的改动和生成的 YAML，不写入任何文件。";
    STATS_ABOUT: "Print the activity statistics (the figures of /stats/) for a report"
        / "输出活动统计数字（与 /stats/ 页面相同），可直接用于工作报告";
    ARG_YEAR: "Only this year's activities."
        / "只统计这一年的活动。";
    ARG_STATS_FORMAT: "`text` (sentences and tables), `json` or `csv`."
        / "输出格式：`text`（文字说明和表格）、`json` 或 `csv`。";
}
