//! The command line's own words in Chinese (the default) and English: what every command and
//! argument is for, examples with Windows paths beside Unix ones, the headings and usage lines
//! of `--help`, and argument errors. clap parses ([`Cli`]); this module sets its texts from the
//! tables below before parsing, and renders clap's errors itself.
//!
//! The language of the help is the tool's rule: `--lang en` (or `--lang=en`) anywhere on the
//! command line, else `GRIDREPORT_LANG=en`, else Chinese. `GRIDREPORT_LANG` is also the
//! default of every `--lang` argument.

use std::ffi::{OsStr, OsString};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::vocab::lang::Lang;

/// The environment variable that chooses the language when `--lang` is not given.
pub const LANG_ENV: &str = "GRIDREPORT_LANG";

/// A text in both languages.
#[derive(Clone, Copy)]
struct Text {
    zh: &'static str,
    en: &'static str,
}

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

impl Text {
    fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

struct CommandText {
    name: &'static str,
    /// One line, in the command list and `-h`.
    about: Text,
    /// More, after the line, in `--help`.
    more: Text,
    usage: Text,
    examples: Text,
    /// Argument id → its help; ids not here fall back to [`COMMON_ARGS`].
    args: &'static [(&'static str, Text)],
}

const ROOT: CommandText = CommandText {
    name: "gridreport",
    about: t(
        "把各社区报来的网格表格汇总成街道报告（网页、Excel 汇总表、summary.json）",
        "Merge community grid workbooks into a sub-district report (HTML, Excel, summary.json)",
    ),
    more: t("", ""),
    usage: t("gridreport <命令> [选项]", "gridreport <COMMAND> [OPTIONS]"),
    examples: t(
        "示例：
  gridreport build 报表 -o 汇总报告                 （Linux、统信UOS、麒麟）
  gridreport build D:\\报表 -o D:\\汇总报告           （Windows）
  gridreport check D:\\报表

每个命令的说明：gridreport 命令 --help，例如 gridreport build --help。
英文说明：加 --lang en，或设环境变量 GRIDREPORT_LANG=en。",
        "Example:
  gridreport build data -o report                   (Linux)
  gridreport build D:\\data -o D:\\report             (Windows)
  gridreport check D:\\data

Help on a command: gridreport COMMAND --help, e.g. gridreport build --help.
Chinese is the default: --lang en or GRIDREPORT_LANG=en for English.",
    ),
    args: &[("lang", HELP_LANG)],
};

const HELP_LANG: Text = t(
    "说明和消息的语言：zh（中文）或 en（英文）；默认 zh，或环境变量 GRIDREPORT_LANG",
    "Language of help and messages: zh or en (default: zh, or GRIDREPORT_LANG)",
);

const COMMANDS: &[CommandText] = &[
    CommandText {
        name: "build",
        about: t(
            "读取 INPUT 下的所有表格，把报告写到 OUT。",
            "Read every workbook under INPUT and write the report to OUT.",
        ),
        more: t(
            "在 OUT 里写 summary.json、网页（index.html 等）、report.xlsx 和每个社区的
communities/<社区>.xlsx，写完才整体换上。报告写成时退出码为 0（数据问题写在报告里）；
写不成时为 2（文件夹不存在、没有表格、OUT 不能替换、配置有错）。",
            "Writes summary.json, the HTML site, report.xlsx and communities/<name>.xlsx into OUT,
atomically. Exit 0 when the report was written (data problems are part of it), 2 when
it could not be (missing folder, no spreadsheets, OUT not replaceable, bad config).",
        ),
        usage: t(
            "gridreport build <INPUT> -o <OUT> [选项]",
            "gridreport build <INPUT> -o <OUT> [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport build 报表 -o 汇总报告
  gridreport build D:\\报表 -o D:\\汇总报告                 （Windows）
  gridreport build data -o report --config data/gridreport.toml --lang en",
            "Example:
  gridreport build data -o report
  gridreport build D:\\data -o D:\\report                   (Windows)
  gridreport build data -o report --config data/gridreport.toml --lang en",
        ),
        args: &[
            ("input", INPUT),
            ("out", OUT),
            ("templates", TEMPLATES),
            ("history", HISTORY),
            ("compare_with", COMPARE_WITH),
        ],
    },
    CommandText {
        name: "check",
        about: t(
            "读取并检查 INPUT 下的所有表格，列出问题，不写任何文件。",
            "Read and check every workbook under INPUT, print the issues, write nothing.",
        ),
        more: t(
            "每个问题一行（严重程度、文件、工作表、单元格、规则、说明），最后一行是统计。
有错误时退出码为 1，否则为 0。",
            "One line per issue on stdout, then a count. Exit 1 when any error exists, else 0.",
        ),
        usage: t(
            "gridreport check <INPUT> [选项]",
            "gridreport check <INPUT> [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport check 报表
  gridreport check D:\\报表                                  （Windows）
  gridreport check data --lang en --quiet",
            "Example:
  gridreport check data
  gridreport check D:\\data                                  (Windows)
  gridreport check data --lang en --quiet",
        ),
        args: &[("input", INPUT)],
    },
    CommandText {
        name: "watch",
        about: t(
            "INPUT 下的表格有增加、修改或删除时，自动重新生成 OUT 里的报告。",
            "Rebuild the report in OUT whenever workbooks under INPUT are added, changed or removed.",
        ),
        more: t(
            "先生成一次，然后等待变化；只重新读取变了的文件。锁文件和临时文件（~$*、.*、*.tmp）
不理会；正在复制的文件等它复制完。重新生成失败时保留上一次的报告并说明原因。
按 Ctrl-C 停止（退出码 0）。",
            "Builds once, then waits for changes; only changed files are read again. Lock and
temporary files (~$*, .*, *.tmp) are ignored; a file still being copied is waited for.
A failed rebuild keeps the last good report and says why. Ctrl-C stops (exit 0).",
        ),
        usage: t(
            "gridreport watch <INPUT> -o <OUT> [选项]",
            "gridreport watch <INPUT> -o <OUT> [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport watch 共享文件夹/报表 -o 共享文件夹/汇总报告
  gridreport watch D:\\共享\\报表 -o D:\\共享\\汇总报告          （Windows）
  gridreport watch \\\\server\\共享\\报表 -o D:\\汇总报告 --poll 10   （网络共享：收不到变化通知，定时查看）",
            "Example:
  gridreport watch shared/data -o shared/report
  gridreport watch D:\\shared\\data -o D:\\shared\\report        (Windows)
  gridreport watch //server/share/data -o report --poll 10   (network share without change events)",
        ),
        args: &[
            ("input", INPUT),
            ("out", OUT),
            ("templates", TEMPLATES),
            ("history", HISTORY),
            ("compare_with", COMPARE_WITH),
            (
                "poll",
                t(
                    "每 SECONDS 秒查看一次文件夹，不等变化通知（网络共享文件夹用）",
                    "Look for changes every SECONDS instead of waiting for change events",
                ),
            ),
            (
                "debounce",
                t(
                    "最后一次变化之后等 SECONDS 秒再重新生成",
                    "Rebuild when no change has come for SECONDS",
                ),
            ),
        ],
    },
    CommandText {
        name: "init",
        about: t(
            "在 DIR 里写一个 gridreport.toml：所有设置及其默认值，带注释。",
            "Write gridreport.toml into DIR with every setting at its default, commented.",
        ),
        more: t(
            "已有的 gridreport.toml 不会被覆盖（退出码 2），除非加 --force。",
            "An existing file is not overwritten (exit 2) unless --force is given.",
        ),
        usage: t(
            "gridreport init [DIR] [选项]",
            "gridreport init [DIR] [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport init 报表
  gridreport init D:\\报表                                   （Windows）
  gridreport init --force",
            "Example:
  gridreport init data
  gridreport init D:\\data                                   (Windows)
  gridreport init --force",
        ),
        args: &[
            (
                "dir",
                t(
                    "写 gridreport.toml 的文件夹（默认：当前文件夹）",
                    "Folder to write gridreport.toml into",
                ),
            ),
            (
                "force",
                t(
                    "替换已有的 gridreport.toml",
                    "Replace an existing gridreport.toml",
                ),
            ),
            (
                "lang",
                t(
                    "消息的语言：zh 或 en（默认：zh，或环境变量 GRIDREPORT_LANG）",
                    "Language of messages: zh or en (default: zh, or GRIDREPORT_LANG)",
                ),
            ),
        ],
    },
    CommandText {
        name: "template",
        about: t(
            "给每个社区写一份要填写的工作簿（填报模板），放在 DIR 里。",
            "Write each community the workbook to fill in (its template) into DIR.",
        ),
        more: t(
            "每个社区一个 DIR/<社区>.xlsx：第一页“填表说明”，每种表格一个工作表，表头就是 build
读取的列名；身份证号、电话和编号是文本格式，日期是日期格式，有下拉列表和输入检查；
大网格和楼栋的下拉列表是该社区现有的编号（取自 --from INPUT）。没有社区时（没有
--from，配置里也没有）写一份空白的 DIR/模板.xlsx。DIR/mail.json 供
gridreport mail --templates DIR 发送。DIR 只有是空的、或是没有改动过的模板时才会被替换。",
            "One workbook per community, DIR/<community>.xlsx: 填表说明 (instructions), a sheet per
table kind with the headers build reads, text formats for ids, phones and codes, date
formats, drop-down lists and input checks; the big grid and building lists hold the
codes the community has (from --from INPUT). Without communities (no --from, none in the
config): one blank DIR/template.xlsx (模板.xlsx in Chinese). DIR/mail.json is what
gridreport mail --templates DIR sends. DIR is replaced only when it is empty or holds unchanged templates.",
        ),
        usage: t(
            "gridreport template -o <DIR> [--from <INPUT>] [选项]",
            "gridreport template -o <DIR> [--from <INPUT>] [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport template -o 模板 --from 报表
  gridreport template -o D:\\模板 --from D:\\报表                （Windows）
  gridreport template -o 模板 --config gridreport.toml --kinds households,staff
  gridreport mail --templates 模板 --smtp 127.0.0.1:25 --from jiedao@example.org   （发给各社区）",
            "Example:
  gridreport template -o templates --from data
  gridreport template -o D:\\templates --from D:\\data           (Windows)
  gridreport template -o templates --config gridreport.toml --kinds households,staff
  gridreport mail --templates templates --smtp 127.0.0.1:25 --from jiedao@example.org   (send them)",
        ),
        args: &[
            (
                "out",
                t(
                    "写模板的文件夹（只有它是空的、或是没有改动过的模板时才会被替换）",
                    "Folder to write the templates into (replaced only if it is empty or holds unchanged templates)",
                ),
            ),
            (
                "from",
                t(
                    "从这个表格文件夹读取各社区及其大网格、楼栋编号",
                    "Read the communities and their big grid and building codes from this folder of workbooks",
                ),
            ),
            (
                "config",
                t(
                    "配置文件（默认：有 --from 时为 INPUT/gridreport.toml，如果有）",
                    "Config file (default: INPUT/gridreport.toml with --from, when it exists)",
                ),
            ),
            (
                "kinds",
                t(
                    "要哪些工作表，用逗号分隔：households（住户台账）、isolation（居家隔离）、staff（工作人员）、daily（日报告）、grids（网格划分）；默认全部",
                    "The sheets, comma-separated: households, isolation, staff, daily, grids (default: all)",
                ),
            ),
            (
                "as_of",
                t(
                    "模板按哪一天制作，日期检查以它为准（默认：INPUT 里最新的日报告日期，或今天）",
                    "The date the templates are for; date checks are around it (default: INPUT's latest report date, or today)",
                ),
            ),
            (
                "lang",
                t(
                    "填表说明和消息的语言：zh 或 en（表头总是中文）；默认 zh，或环境变量 GRIDREPORT_LANG",
                    "Language of the instructions and messages: zh or en (headers are always Chinese)",
                ),
            ),
        ],
    },
    CommandText {
        name: "mail",
        about: t(
            "把 OUT 里的报告按社区发邮件：每个社区收到自己的表格 communities/<社区>.xlsx。",
            "Email each community its workbook (communities/<name>.xlsx) from the report in OUT.",
        ),
        more: t(
            "收件地址取自生成报告时所用配置的 [mail.to]，或 --config FILE 里的。没有地址的社区
只列出，不发送。服务器支持时用 STARTTLS（有 --user 时必须），465 端口用 TLS。
每封有地址的邮件都发出时退出码为 0，有发送失败时为 1，无法开始时为 2。
用 --templates DIR 代替 OUT，则给各社区发送 gridreport template 写出的填报模板。",
            "Addresses come from [mail.to] of the config the report was built with, or of --config
FILE. Communities without an address are listed, not mailed. STARTTLS when the server
offers it (required with --user), TLS on port 465. Exit 0 when every message with an
address went out, 1 when one failed, 2 when nothing could start. With --templates DIR
instead of OUT, each community gets its template written by gridreport template.",
        ),
        usage: t(
            "gridreport mail (<OUT> | --templates <DIR>) --from <ADDR> (--smtp <HOST:PORT> | --dry-run) [选项]",
            "gridreport mail (<OUT> | --templates <DIR>) --from <ADDR> (--smtp <HOST:PORT> | --dry-run) [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport mail 汇总报告 --smtp 127.0.0.1:25 --from jiedao@example.org
  gridreport mail D:\\汇总报告 --from jiedao@example.org --dry-run   （Windows；写出 D:\\汇总报告\\mail\\<社区>.eml）
  GRIDREPORT_SMTP_PASSWORD=… gridreport mail 汇总报告 --smtp smtp.example.org:587 --user jiedao --from jiedao@example.org
  （Windows 命令提示符里先运行 set GRIDREPORT_SMTP_PASSWORD=…）
  gridreport mail --templates 模板 --smtp 127.0.0.1:25 --from jiedao@example.org   （发送填报模板）",
            "Example:
  gridreport mail report --smtp 127.0.0.1:25 --from jiedao@example.org
  gridreport mail D:\\report --from jiedao@example.org --dry-run   (Windows; writes D:\\report\\mail\\<name>.eml)
  GRIDREPORT_SMTP_PASSWORD=… gridreport mail report --smtp smtp.example.org:587 --user jiedao --from jiedao@example.org
  (in the Windows command prompt: set GRIDREPORT_SMTP_PASSWORD=… first)
  gridreport mail --templates templates --smtp 127.0.0.1:25 --from jiedao@example.org   (send the templates)",
        ),
        args: &[
            (
                "out",
                t(
                    "由 gridreport build 生成的报告文件夹",
                    "A report folder written by `gridreport build`",
                ),
            ),
            (
                "smtp",
                t(
                    "SMTP 服务器，写作 主机:端口",
                    "SMTP server HOST:PORT",
                ),
            ),
            (
                "tls",
                t(
                    "连接加密：auto（465 端口用 TLS；有 --user 时必须 STARTTLS，否则服务器支持就用）、
starttls、tls、none；默认 auto",
                    "Connection security: auto (TLS on port 465; STARTTLS required with --user,
used when offered otherwise), starttls, tls, none",
                ),
            ),
            (
                "user",
                t(
                    "以 USER 登录 SMTP 服务器；密码从环境变量 GRIDREPORT_SMTP_PASSWORD 读取",
                    "Log in to the SMTP server as USER; the password is read from the environment
variable GRIDREPORT_SMTP_PASSWORD",
                ),
            ),
            (
                "templates",
                t(
                    "改为发送 DIR 里的填报模板（由 gridreport template 写出），每个社区收到自己的一份",
                    "Send each community its template from DIR (written by `gridreport template`) instead",
                ),
            ),
            ("from", t("发件人地址", "Sender address")),
            (
                "dry_run",
                t(
                    "不发送，改为写出 OUT/mail/<社区>.eml",
                    "Write OUT/mail/<name>.eml instead of sending",
                ),
            ),
            (
                "config",
                t(
                    "改用这个配置文件里 [mail.to] 的地址",
                    "Take the addresses from [mail.to] of this config instead",
                ),
            ),
            (
                "lang",
                t(
                    "终端上消息的语言：zh 或 en（邮件本身是中文）；默认 zh，或环境变量 GRIDREPORT_LANG",
                    "Language of messages on the terminal: zh or en (the emails are in Chinese)",
                ),
            ),
        ],
    },
    CommandText {
        name: "rollup",
        about: t(
            "把各街道的报告（summary.json）汇总成区或市的报告。",
            "Roll the reports of sub-districts (their summary.json) up into a district or city report.",
        ),
        more: t(
            "INPUT 里放各街道发来的汇总：整个报告文件夹，或单独的 summary.json（可改名为
<街道>.json），包括子文件夹。OUT 里写上一级的报告：同样的网页、report.xlsx 和
summary.json；各项数字相加，比率用相加后的分子分母重新计算，不取平均。OUT 里的
summary.json 还可以再往上汇总（市汇总各区）。汇总里没有个人信息。报告写成时退出码为 0；
写不成时为 2（文件夹不存在、没有汇总文件、OUT 不能替换、配置有错）。",
            "INPUT holds the summaries the sub-districts sent: whole report folders, or summary.json
alone (may be renamed <name>.json), read recursively. OUT gets the report one level up: the
same pages, report.xlsx and summary.json; counts are summed and every ratio recomputed from
the summed counts, never averaged. OUT's summary.json can be rolled up again (a city from its
districts). No personal data. Exit 0 when the report was written, 2 when it could not be
(missing folder, no summaries, OUT not replaceable, bad config).",
        ),
        usage: t(
            "gridreport rollup <INPUT> -o <OUT> [选项]",
            "gridreport rollup <INPUT> -o <OUT> [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport rollup 各街道报告 -o 区汇总 --name 江海区
  gridreport rollup D:\\各街道报告 -o D:\\区汇总 --name 江海区        （Windows）
  gridreport rollup 各区报告 -o 市汇总 --name 江门市                （市汇总各区的 OUT）",
            "Example:
  gridreport rollup reports -o district --name Jianghai
  gridreport rollup D:\\reports -o D:\\district --name Jianghai   (Windows)
  gridreport rollup districts -o city --name Jiangmen          (a city from its districts' OUT)",
        ),
        args: &[
            (
                "input",
                t(
                    "放各街道汇总（报告文件夹或 summary.json）的文件夹（包括其中的子文件夹）",
                    "Folder with the sub-districts' summaries or report folders (read recursively)",
                ),
            ),
            ("out", OUT),
            (
                "name",
                t(
                    "区或市的名称，写在每个标题里（默认：配置文件里的 name）",
                    "The district's or city's name, in every title (default: config name)",
                ),
            ),
            (
                "quiet",
                t(
                    "不显示最后的汇总行（错误照样显示）",
                    "No summary line (errors are still printed)",
                ),
            ),
        ],
    },
    CommandText {
        name: "sample",
        about: t(
            "生成一个虚构街道（会城的故事）的示例表格，写到 DIR。",
            "Write a synthetic sub-district (the Huicheng story) to DIR.",
        ),
        more: t("", ""),
        usage: t(
            "gridreport sample -o <DIR> [选项]",
            "gridreport sample -o <DIR> [OPTIONS]",
        ),
        examples: t(
            "示例：
  gridreport sample -o sample-data --scale 1 --seed 2020
  gridreport sample -o D:\\示例数据 --scale 0.1               （Windows）",
            "Example:
  gridreport sample -o sample-data --scale 1 --seed 2020
  gridreport sample -o D:\\sample --scale 0.1                (Windows)",
        ),
        args: &[
            (
                "out",
                t("写示例表格的文件夹", "Folder to write the sample workbooks into"),
            ),
            (
                "scale",
                t(
                    "规模，相对于会城街道（1 = 32 万居民）",
                    "Size relative to the Huicheng sub-district (1 = 320,000 residents)",
                ),
            ),
            (
                "seed",
                t(
                    "随机数种子：种子相同，数据相同",
                    "Random seed: the same seed gives the same data",
                ),
            ),
            (
                "day",
                t(
                    "写 N 天以后的示例街道：多了 N 天的日报告，有的社区改好了错误，新出现一个错误（0–7）",
                    "Write the district N days later: N more days of daily reports, some communities' defects fixed, one new defect (0–7)",
                ),
            ),
            ("lang", HELP_LANG),
        ],
    },
];

const INPUT: Text = t(
    "各社区表格所在的文件夹（包括其中的子文件夹）",
    "Folder with the communities' workbooks (read recursively)",
);
const OUT: Text = t(
    "报告文件夹（只有它是空的或是上一次的报告时才会被替换）",
    "Output folder (replaced only if it is empty or a previous report)",
);
const TEMPLATES: Text = t(
    "模板文件夹：其中的模板按名字替换内置的模板",
    "Folder of templates overriding the built-in ones by name",
);

const HISTORY: Text = t(
    "把历史快照保存在 DIR，而不是 OUT/history（会删掉报告文件夹时用；不能在 OUT 或 INPUT 之内）",
    "Keep the history snapshots in DIR instead of OUT/history (when OUT gets deleted; not inside OUT or INPUT)",
);
const COMPARE_WITH: Text = t(
    "与这个历史快照（history/日期.json）或以前报告的 summary.json 比较，而不是与上一次报告比较",
    "Compare with this history snapshot (history/DATE.json) or an earlier report's summary.json instead of the last report",
);

/// The options build, check and watch share (`cli::Common`).
const COMMON_ARGS: &[(&str, Text)] = &[
    (
        "config",
        t(
            "配置文件（默认：INPUT/gridreport.toml，如果有）",
            "Config file (default: INPUT/gridreport.toml when it exists)",
        ),
    ),
    (
        "lang",
        t(
            "消息和报告的语言：zh（中文）或 en（英文）；默认 zh，或环境变量 GRIDREPORT_LANG",
            "Language of messages and labels: zh or en (default: zh, or GRIDREPORT_LANG)",
        ),
    ),
    (
        "as_of",
        t(
            "按哪一天计算各项指标（默认：日报告里最新的日期）",
            "The date figures are computed for (default: the latest daily report date)",
        ),
    ),
    (
        "quiet",
        t(
            "不显示进度条和最后的汇总行（错误照样显示）",
            "No progress bars and no summary line (errors are still printed)",
        ),
    ),
];

const HELP_COMMAND: Text = t("显示某个命令的说明", "Print the help of a command");
const HELP_COMMAND_ARG: Text = t("要看说明的命令", "The command to explain");
const HELP_FLAG: Text = t(
    "显示说明（-h 简要，--help 详细）",
    "Print help (-h: a summary, --help: all of it)",
);
const VERSION_FLAG: Text = t("显示版本号", "Print version");

/// clap's layout (`{before-help}{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}…`)
/// with Chinese headings; [`template_zh`] leaves out the empty sections.
const USAGE_ZH: &str = "用法：";
const COMMANDS_ZH: &str = "命令：";
const ARGS_ZH: &str = "参数：";
const OPTIONS_ZH: &str = "选项：";

/// Why a value was refused, by the argument's long name; the English comes from `cli.rs`.
const VALUE_REASONS_ZH: &[(&str, &str)] = &[
    ("--lang", "请用 zh 或 en"),
    ("--as-of", "日期请写成 YYYY-MM-DD，例如 2020-02-15"),
    ("--poll", "秒数须在 0.05 到 86400 之间"),
    ("--debounce", "秒数须在 0.05 到 86400 之间"),
    ("--scale", "须是一个数，例如 1 或 0.1"),
    ("--seed", "须是一个非负整数"),
    (
        "--kinds",
        "请用 households、isolation、staff、daily、grids（或 住户台账、居家隔离、工作人员、日报告、网格划分），用逗号分隔",
    ),
];

/// The language chosen on the command line (`--lang X` or `--lang=X`, the last one counts),
/// else by `GRIDREPORT_LANG`, else Chinese. Values that are no language are passed over
/// here (clap refuses them where they matter).
pub fn lang_of(args: &[OsString], env: Option<&OsStr>) -> Lang {
    let mut chosen = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        if a == "--lang" {
            if let Some(v) = it.next().and_then(|v| v.to_str()).and_then(Lang::parse) {
                chosen = Some(v);
            }
        } else if let Some(v) = a.strip_prefix("--lang=").and_then(Lang::parse) {
            chosen = Some(v);
        }
    }
    chosen.or_else(|| env_lang(env)).unwrap_or_default()
}

fn env_lang(env: Option<&OsStr>) -> Option<Lang> {
    env.and_then(|v| v.to_str()).and_then(Lang::parse)
}

/// The command line with every text in `lang`; `default_lang` becomes the default of every
/// `--lang` (from `GRIDREPORT_LANG`; zh without it).
pub fn command(lang: Lang, default_lang: Lang) -> Command {
    let default_lang = match default_lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let mut cmd = Cli::command()
        .bin_name("gridreport")
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        )
        .arg(
            Arg::new("lang")
                .long("lang")
                .value_name("LANG")
                .value_parser(lang_value),
        )
        .subcommand(
            Command::new("help").arg(
                Arg::new("command")
                    .value_name(lang.pick("命令", "COMMAND"))
                    .num_args(0..=1),
            ),
        );
    cmd = localize(cmd, &ROOT, lang, default_lang);
    if lang == Lang::Zh {
        cmd = cmd.subcommand_value_name("命令");
    }
    cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        if name == "help" {
            let sub = sub
                .about(HELP_COMMAND.get(lang))
                .mut_arg("command", |a| a.help(HELP_COMMAND_ARG.get(lang)));
            return finish(sub, lang);
        }
        match COMMANDS.iter().find(|c| c.name == name) {
            Some(text) => localize(sub, text, lang, default_lang),
            None => finish(sub, lang),
        }
    })
}

fn lang_value(s: &str) -> Result<String, String> {
    Lang::parse(s)
        .map(|_| s.to_owned())
        .ok_or_else(|| format!("unknown language '{s}': use zh or en"))
}

fn localize(cmd: Command, text: &CommandText, lang: Lang, default_lang: &'static str) -> Command {
    let about = text.about.get(lang);
    let more = text.more.get(lang);
    let cmd = cmd
        .about(about)
        .long_about(if more.is_empty() {
            about.to_owned()
        } else {
            format!("{about}\n\n{more}")
        })
        .override_usage(text.usage.get(lang))
        .after_help(text.examples.get(lang))
        .after_long_help(text.examples.get(lang))
        .mut_args(|arg| {
            let id = arg.get_id().as_str().to_owned();
            let mut arg = arg;
            if id == "lang" {
                // The text says it: zh, or GRIDREPORT_LANG.
                arg = arg.default_value(default_lang).hide_default_value(true);
            }
            if let Some(help) = arg_text(text, &id) {
                arg = arg.help(help.get(lang)).long_help(None::<&str>);
            }
            if lang == Lang::Zh {
                arg = zh_arg(arg);
            }
            arg
        });
    finish(cmd, lang)
}

fn arg_text(text: &CommandText, id: &str) -> Option<Text> {
    let find = |list: &[(&str, Text)]| list.iter().find(|(i, _)| *i == id).map(|(_, t)| *t);
    find(text.args).or_else(|| find(COMMON_ARGS))
}

/// Defaults and possible values said in the help text rather than clap's "[default: …]".
fn zh_arg(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut arg = arg.hide_possible_values(true);
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() {
        let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
        arg = arg.hide_default_value(true);
        if !help.contains("默认") {
            arg = arg.help(format!("{help}（默认：{}）", defaults.join("、")));
        }
    }
    arg
}

/// The help flag in `lang`, and the Chinese layout.
fn finish(cmd: Command, lang: Lang) -> Command {
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(HELP_FLAG.get(lang));
    let mut cmd = cmd.disable_help_flag(true).arg(help);
    if lang == Lang::Zh {
        let template = template_zh(&cmd);
        cmd = cmd.help_template(template);
    }
    if cmd.get_arguments().any(|a| a.get_id() == "version") {
        cmd = cmd.mut_arg("version", |a| a.help(VERSION_FLAG.get(lang)));
    }
    cmd
}

fn template_zh(cmd: &Command) -> String {
    let mut t = format!("{{before-help}}{{about-with-newline}}\n{USAGE_ZH}{{usage}}");
    if cmd.has_subcommands() {
        t.push_str(&format!("\n\n{COMMANDS_ZH}\n{{subcommands}}"));
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str(&format!("\n\n{ARGS_ZH}\n{{positionals}}"));
    }
    t.push_str(&format!("\n\n{OPTIONS_ZH}\n{{options}}{{after-help}}"));
    t
}

/// What ends a parse without a [`Cli`]: text for stdout (help, version; exit 0) or stderr.
#[derive(Debug)]
pub struct Stop {
    pub text: String,
    pub to_stdout: bool,
    pub code: i32,
}

/// Parse `args` (the program name first) with the texts in the language they choose.
pub fn parse_from(args: Vec<OsString>, env: Option<&OsStr>) -> Result<Cli, Stop> {
    let lang = lang_of(&args, env);
    let default_lang = env_lang(env).unwrap_or_default();
    let mut cmd = command(lang, default_lang);
    // The command the arguments name, for the usage line of an error.
    let named = args
        .iter()
        .skip(1)
        .map_while(|a| a.to_str().filter(|a| *a != "--"))
        .find(|a| COMMANDS.iter().any(|c| c.name == *a))
        .map(str::to_owned);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return Err(stop(e, lang, &mut cmd, named.as_deref())),
    };
    if let Some(("help", sub)) = matches.subcommand() {
        return Err(help_of(&mut cmd, sub.get_one::<String>("command"), lang));
    }
    Cli::from_arg_matches(&matches).map_err(|e| stop(e, lang, &mut cmd, named.as_deref()))
}

/// Parse the process's arguments; print and exit as clap does (2 on an argument error, 0
/// after help or version).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let env = std::env::var_os(LANG_ENV);
    match parse_from(args, env.as_deref()) {
        Ok(cli) => cli,
        Err(s) => {
            use std::io::Write;
            if s.to_stdout {
                let _ = std::io::stdout().lock().write_all(s.text.as_bytes());
            } else {
                let _ = std::io::stderr().lock().write_all(s.text.as_bytes());
            }
            std::process::exit(s.code);
        }
    }
}

/// `gridreport help [COMMAND]`.
fn help_of(cmd: &mut Command, name: Option<&String>, lang: Lang) -> Stop {
    let Some(name) = name else {
        return Stop {
            text: with_newline(cmd.render_long_help().to_string()),
            to_stdout: true,
            code: 0,
        };
    };
    match cmd.find_subcommand_mut(name) {
        Some(sub) => Stop {
            text: with_newline(sub.render_long_help().to_string()),
            to_stdout: true,
            code: 0,
        },
        None => {
            let msg = match lang {
                Lang::Zh => format!("没有“{name}”这个命令。{}", commands_line(cmd, lang)),
                Lang::En => format!("no command '{name}'. {}", commands_line(cmd, lang)),
            };
            usage_error(msg, None, lang)
        }
    }
}

fn commands_line(cmd: &Command, lang: Lang) -> String {
    let names: Vec<&str> = cmd
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    match lang {
        Lang::Zh => format!("可用的命令：{}", names.join("、")),
        Lang::En => format!("Commands: {}", names.join(", ")),
    }
}

fn stop(e: clap::Error, lang: Lang, cmd: &mut Command, named: Option<&str>) -> Stop {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Stop {
            text: with_newline(e.render().to_string()),
            to_stdout: true,
            code: 0,
        },
        // `gridreport` alone: the help, on stderr, exit 2 (as clap does).
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Stop {
            text: with_newline(e.render().to_string()),
            to_stdout: false,
            code: e.exit_code(),
        },
        _ if lang == Lang::En => Stop {
            text: e.render().to_string(),
            to_stdout: false,
            code: e.exit_code(),
        },
        _ => {
            let usage = match named.and_then(|n| cmd.find_subcommand_mut(n)) {
                Some(sub) => sub.render_usage(),
                None => cmd.render_usage(),
            }
            .to_string();
            let usage = Some(usage.trim_start_matches("Usage:").trim().to_owned());
            let msg = message_zh(&e, cmd).unwrap_or_else(|| {
                // A kind this table does not know: clap's own sentence.
                let s = e.render().to_string();
                let first = s.lines().next().unwrap_or_default();
                first.trim_start_matches("error:").trim().to_owned()
            });
            let mut s = usage_error(msg, usage, lang);
            s.code = e.exit_code();
            s
        }
    }
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// `错误：…`, the usage line, and where the help is; exit 2.
fn usage_error(msg: String, usage: Option<String>, lang: Lang) -> Stop {
    let mut text = match lang {
        Lang::Zh => format!("错误：{msg}\n"),
        Lang::En => format!("error: {msg}\n"),
    };
    let mut help_cmd = "gridreport --help".to_owned();
    if let Some(u) = usage {
        let sub = u
            .split_whitespace()
            .nth(1)
            .filter(|w| COMMANDS.iter().any(|c| c.name == *w));
        if let Some(sub) = sub {
            help_cmd = format!("gridreport {sub} --help");
        }
        text.push_str(&match lang {
            Lang::Zh => format!("\n用法：{u}\n"),
            Lang::En => format!("\nUsage: {u}\n"),
        });
    }
    text.push_str(&match lang {
        Lang::Zh => format!("\n详细说明请运行：{help_cmd}\n"),
        Lang::En => format!("\nFor more information, try '{help_cmd}'.\n"),
    });
    Stop {
        text,
        to_stdout: false,
        code: 2,
    }
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// clap's error in Chinese; `None` for a kind or context this does not know.
fn message_zh(e: &clap::Error, cmd: &Command) -> Option<String> {
    let arg = string(e, ContextKind::InvalidArg);
    let value = string(e, ContextKind::InvalidValue);
    Some(match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = arg?;
            let mut m = format!("不认识的参数“{arg}”。");
            if let Some(s) = string(e, ContextKind::SuggestedArg) {
                m.push_str(&format!("是不是要用“{s}”？"));
            } else if let Some(s) = string(e, ContextKind::SuggestedSubcommand) {
                m.push_str(&format!("是不是要用命令“{s}”？"));
            } else if arg.starts_with('-')
                && matches!(
                    e.get(ContextKind::TrailingArg),
                    Some(ContextValue::Bool(true))
                )
            {
                m.push_str(&format!("如果“{arg}”是一个值，请写成 -- {arg}"));
            }
            m
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(e, ContextKind::InvalidSubcommand)?;
            let mut m = format!("没有“{sub}”这个命令。");
            let suggested = strings(e, ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                m.push_str(&format!("是不是要用“{}”？", suggested.join("”或“")));
            }
            m.push_str(&commands_line(cmd, Lang::Zh));
            m
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少必需的参数：{}",
                strings(e, ContextKind::InvalidArg).join("、")
            )
        }
        ErrorKind::MissingSubcommand => format!("缺少命令。{}", commands_line(cmd, Lang::Zh)),
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let mut m = if value.is_empty() {
                format!("“{arg}”后面要给一个值")
            } else {
                format!("“{arg}”的值“{value}”无效")
            };
            let valid = strings(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                m.push_str(&format!("，可以用：{}", valid.join("、")));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            let long = arg.split_whitespace().next().unwrap_or_default();
            let reason = VALUE_REASONS_ZH
                .iter()
                .find(|(name, _)| *name == long)
                .map(|(_, r)| (*r).to_owned())
                .or_else(|| std::error::Error::source(e).map(|s| s.to_string()));
            match reason {
                Some(r) => format!("“{arg}”的值“{value}”无效：{r}"),
                None => format!("“{arg}”的值“{value}”无效"),
            }
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match string(e, ContextKind::PriorArg) {
                Some(prior) if prior == arg => format!("“{arg}”只能给一次"),
                Some(prior) => format!("“{arg}”不能和“{prior}”一起用"),
                None => format!("“{arg}”不能和其他参数一起用"),
            }
        }
        ErrorKind::NoEquals => {
            let arg = arg?;
            format!("“{arg}”的值要用等号给出，例如 {arg}=值")
        }
        ErrorKind::TooManyValues => format!("“{}”多了一个值“{}”", arg?, value?),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let want = string(e, ContextKind::MinValues)
                .or_else(|| string(e, ContextKind::ExpectedNumValues))?;
            let got = string(e, ContextKind::ActualNumValues)?;
            format!("“{}”需要 {want} 个值，只给了 {got} 个", arg?)
        }
        ErrorKind::InvalidUtf8 => "参数里有无法识别的字符（不是有效的 Unicode）".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("gridreport")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_language_comes_from_the_command_line_then_the_environment() {
        let en = Some(OsStr::new("en"));
        assert_eq!(lang_of(&args(&["build", "x"]), None), Lang::Zh);
        assert_eq!(lang_of(&args(&["build", "--lang", "en"]), None), Lang::En);
        assert_eq!(lang_of(&args(&["build", "--lang=en"]), None), Lang::En);
        assert_eq!(lang_of(&args(&["build"]), en), Lang::En);
        assert_eq!(lang_of(&args(&["build", "--lang", "zh"]), en), Lang::Zh);
        assert_eq!(lang_of(&args(&["build", "--lang", "xx"]), en), Lang::En);
        assert_eq!(
            lang_of(&args(&["build", "--", "--lang", "en"]), None),
            Lang::Zh
        );
        assert_eq!(lang_of(&args(&[]), Some(OsStr::new("fr"))), Lang::Zh);
    }

    #[test]
    fn every_command_and_argument_has_both_texts() {
        for (name, text) in std::iter::once(("", &ROOT)).chain(COMMANDS.iter().map(|c| (c.name, c)))
        {
            let cmd = Cli::command();
            let cmd = if name.is_empty() {
                cmd
            } else {
                cmd.find_subcommand(name)
                    .unwrap_or_else(|| panic!("no command {name}"))
                    .clone()
            };
            assert!(
                !text.about.zh.is_empty() && !text.about.en.is_empty(),
                "{name}"
            );
            assert!(text.examples.zh.starts_with("示例："), "{name}");
            assert!(text.examples.en.starts_with("Example:"), "{name}");
            assert!(
                text.examples.zh.contains("D:\\"),
                "{name}: a Windows example"
            );
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let t = arg_text(text, id).unwrap_or_else(|| panic!("{name} {id}: no text"));
                assert!(!t.zh.is_empty() && !t.en.is_empty(), "{name} {id}");
            }
        }
        for sub in Cli::command().get_subcommands() {
            assert!(
                COMMANDS.iter().any(|c| c.name == sub.get_name()),
                "{}: no texts",
                sub.get_name()
            );
        }
    }

    #[test]
    fn the_localized_command_is_valid() {
        command(Lang::Zh, Lang::Zh).debug_assert();
        command(Lang::En, Lang::En).debug_assert();
    }

    #[test]
    fn errors_in_chinese() {
        let e = parse_from(args(&["build", "x"]), None).unwrap_err();
        assert_eq!(e.code, 2);
        assert!(e.text.starts_with("错误：缺少必需的参数"), "{}", e.text);
        assert!(e.text.contains("用法：gridreport build"), "{}", e.text);
        let e = parse_from(args(&["biuld"]), None).unwrap_err();
        assert!(e.text.contains("没有“biuld”这个命令"), "{}", e.text);
        assert!(e.text.contains("build"), "{}", e.text);
        let e = parse_from(args(&["check", "x", "--as-of", "2020-13-01"]), None).unwrap_err();
        assert!(e.text.contains("YYYY-MM-DD"), "{}", e.text);
        let e = parse_from(args(&["mail", "x", "--from", "a", "--tls", "ssl"]), None).unwrap_err();
        assert!(
            e.text.contains("可以用：auto、starttls、tls、none"),
            "{}",
            e.text
        );
        let e = parse_from(args(&["check", "x", "--bogus"]), None).unwrap_err();
        assert!(e.text.contains("不认识的参数“--bogus”"), "{}", e.text);
    }

    #[test]
    fn the_environment_sets_the_default_language() {
        let cli = parse_from(args(&["check", "x"]), Some(OsStr::new("en"))).unwrap();
        let crate::cli::Command::Check { common, .. } = cli.command else {
            panic!()
        };
        assert_eq!(common.lang, Lang::En);
        let cli = parse_from(
            args(&["check", "x", "--lang", "zh"]),
            Some(OsStr::new("en")),
        )
        .unwrap();
        let crate::cli::Command::Check { common, .. } = cli.command else {
            panic!()
        };
        assert_eq!(common.lang, Lang::Zh);
        let cli = parse_from(args(&["check", "x"]), None).unwrap();
        let crate::cli::Command::Check { common, .. } = cli.command else {
            panic!()
        };
        assert_eq!(common.lang, Lang::Zh);
    }
}
