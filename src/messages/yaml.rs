//! Reading YAML (front matter, records, site.yaml): syntax and the shape of every value.

crate::catalogue! {
    SEVERAL_DOCUMENTS: "the file holds several YAML documents"
        / "这个文件里有多个 YAML 文档";
    SEVERAL_DOCUMENTS_HELP: "remove the `---` line: write several records as one list, each starting with `- `"
        / "删掉 `---` 这一行：多条记录请写成一个列表，每条以 `- ` 开头";
    ALIAS: "YAML aliases (`*name`) are not supported"
        / "不支持 YAML 别名（`*名字`）";
    ALIAS_HELP: "write the value out in full instead of `&name` and `*name`"
        / "请把值完整写出来，不要用 `&名字` 和 `*名字`";
    TOO_DEEP: "the YAML is nested too deeply"
        / "YAML 嵌套的层数太多";
    TOO_DEEP_HELP: "check the brackets and the indentation"
        / "请检查括号和缩进";
    KEY_NOT_PLAIN: "a key must be a plain name"
        / "键名只能是普通的名字";
    KEY_NOT_PLAIN_HELP: "write `key: value`; a list or a mapping cannot be a key"
        / "请写成 `键: 值`；列表或一组键值不能当作键名";
    DUPLICATE_KEY: "the key `{key}` is written twice"
        / "`{key}` 这个键写了两次";
    DUPLICATE_KEY_HELP: "the first one, on line {line}, is used: remove one of them"
        / "现在用的是第 {line} 行的那个：请删掉其中一个";
    SYNTAX: "YAML syntax error: {info}"
        / "YAML 格式错误：{info}";
    SYNTAX_TAB: "YAML does not allow tab characters here: indent with spaces, and put a space (not a tab) after `:`"
        / "YAML 中这里不能用制表符（Tab）：缩进请用空格，`:` 后面也请用空格";
    SYNTAX_INDENT: "check the indentation of this line and the one before it, and put text that contains `: ` in quotes"
        / "请检查这一行和上一行的缩进；如果文字里有 `: `，请给整段文字加上引号";
    SYNTAX_BRACKET: "a bracket `[` or `{{` is not closed, or a comma is missing between items"
        / "有一个 `[` 或 `{{` 没有闭合，或者两项之间少了逗号";
    SYNTAX_QUOTE: "a quote is not closed: end the text with the same quote it starts with"
        / "有一个引号没有闭合：文字以什么引号开始，就要以同样的引号结束";
    SYNTAX_OTHER: "check this line: YAML is `key: value`, one per line, with the same indentation for keys at the same level"
        / "请检查这一行：YAML 的写法是每行一个 `键: 值`，同一层的键缩进相同";
    SHAPE_NOTHING: "nothing" / "空的";
    SHAPE_TEXT: "“{text}”" / "“{text}”";
    SHAPE_LIST: "a list" / "一个列表";
    SHAPE_MAP: "a group of `key: value` lines" / "一组 `键: 值`";
    NOT_A_MAP: "{what} must be lines of `key: value`, not {shape}"
        / "{what}应当是一行行的 `键: 值`，这里写的是{shape}";
    WRITE_IT_LIKE: "write it like\n{example}"
        / "请这样写：\n{example}";
    WRONG_SHAPE: "{key} should be {expected}, but here it is {shape}"
        / "{key}应为{expected}，这里写的是{shape}";
    EXPECT_TEXT: "text" / "一段文字";
    EXPECT_DATE: "a date" / "日期";
    EXPECT_COUNT: "a whole number (0 or more)" / "不小于 0 的整数";
    EXPECT_FLAG: "true or false" / "`true` 或 `false`";
    EXPECT_TEXTS: "a list of texts" / "文字列表";
    EXPECT_MAP: "a group of `key: value` lines" / "一组 `键: 值`";
    EXPECT_LIST: "a list" / "列表";
    ONE_LINE_HELP: "write it on one line, like `{key}: 文字`"
        / "请写在一行里，例如 `{key}: 文字`";
    EMPTY: "{key} is empty" / "{key}不能为空";
    EMPTY_HELP: "fill it in, for example `{key}: {example}`"
        / "请填写，例如 `{key}: {example}`";
    MISSING: "missing required key {key}" / "缺少必填项 {key}";
    MISSING_HELP: "add a line `{key}: {example}`" / "请加上一行 `{key}: {example}`";
    NOT_A_DATE: "{key}: `{text}` is not a date" / "{key}写的是 `{text}`，这不是一个日期";
    DATE_HELP: "write the day as year-month-day, for example `{key}: 2024-07-01`"
        / "请按“年-月-日”写，例如 `{key}: 2024-07-01`";
    DATE_EXAMPLE: "for example `{key}: 2024-07-01`" / "例如 `{key}: 2024-07-01`";
    COUNT_EXAMPLE: "write a whole number, for example `{key}: 120`"
        / "请写一个整数，例如 `{key}: 120`";
    COUNT_NEGATIVE: "a count cannot be negative" / "数量不能是负数";
    COUNT_TOO_LARGE: "the number is too large: check for a typo"
        / "这个数字太大了，请检查是否多打了数字";
    COUNT_DIGITS: "write only the digits, without units or separators: `{key}: {digits}`"
        / "只写数字，不要单位和分隔符：`{key}: {digits}`";
    FLAG_HELP: "write `{key}: true` or `{key}: false`" / "请写 `{key}: true` 或 `{key}: false`";
    TEXTS_HELP: "write it like `{key}: [甲, 乙]`" / "请写成 `{key}: [甲, 乙]`";
    MAP_HELP: "indent its keys under `{key}:`" / "请把它的各个键缩进写在 `{key}:` 下面";
    EACH_ITEM_OF: "each item of `{key}`" / "`{key}` 中的每一项";
    NO_KEY_NAME: "a value has no key name in front of it" / "有一个值前面没有键名";
    NO_KEY_NAME_HELP: "write `key: value` with one of: {keys}" / "请写成 `键: 值`，可用的键有：{keys}";
    UNKNOWN_KEY: "unknown key `{key}`" / "未知的键 `{key}`";
    UNKNOWN_KEY_DID_YOU_MEAN: "did you mean `{suggestion}`? Valid keys: {keys}"
        / "您是不是想写 `{suggestion}`？可用的键有：{keys}";
    UNKNOWN_KEY_REMOVE: "remove it; valid keys are: {keys}" / "请删掉它；可用的键有：{keys}";
}
