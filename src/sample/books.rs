//! The workbooks of one community, as its office keeps them: registers split by big grid,
//! a staff roster, the daily reports, the grid table and the home-isolation list.

use super::book::{Book, Cell, FileFormat, Sheet};
use super::cells::{date_cell, datetime_cell, grid_cell, household_cell};
use super::defects;
use super::seeded::{self, Log};
use super::world::Community;
use super::world::Role;
use chrono::Datelike;

/// Header spellings per field, one per `Style::headers` variant (all SPEC §3 aliases).
fn header(field: &str, v: usize) -> &'static str {
    let four: [&'static str; 4] = match field {
        "community" => ["社区", "所属社区", "社区名称", "居委会"],
        "big_grid" => ["大网格", "网格编号", "所属网格", "网格"],
        "building" => ["楼栋", "楼栋号", "楼号", "小网格"],
        "household_id" => ["户号", "户编号", "住户编号", "户号"],
        "members" => ["人数", "家庭人数", "常住人数（人）", "在住人数"],
        "head_name" => ["户主姓名", "户主", "姓名", "户主姓名"],
        "id_number" => ["身份证号", "身份证号码", "公民身份号码", "身份证号码"],
        "phone" => ["联系电话", "手机号码", "电话", "手机"],
        "address" => ["住址", "详细地址", "地址", "门牌号"],
        "compound" => ["小区类型", "物业类型", "物业管理", "小区类型"],
        "screened_on" => ["排查日期", "入户排查日期", "走访日期", "入户日期"],
        "name" => ["姓名", "姓名", "姓名", "姓名"],
        "iso_name" => ["姓名", "隔离人员", "隔离人员姓名", "姓名"],
        "role" => ["身份", "人员类别", "类别", "人员类型"],
        "gender" => ["性别", "性别", "性别", "性别"],
        "birth_date" => ["出生日期", "出生年月", "出生日期", "出生年月"],
        "age" => ["年龄", "年龄", "年龄", "年龄"],
        "start" => ["隔离开始日期", "开始隔离日期", "隔离起始日期", "开始日期"],
        "end" => ["解除隔离日期", "隔离结束日期", "结束日期", "解除日期"],
        "report_date" => ["日期", "报告日期", "填报日期", "日期"],
        "households_visited" => ["走访户数", "排查户数", "走访户数", "排查户数"],
        "new_arrivals" => ["新增返回人员", "新增外来人员", "返回人数", "新增返回人员"],
        "under_isolation" => ["居家隔离人数", "在隔人数", "居家隔离人数", "在隔人数"],
        "fever" => ["发热人数", "发热人数", "发热人数", "发热人数"],
        "submitted_at" => ["上报时间", "填报时间", "提交时间", "上报时间"],
        _ => ["", "", "", ""],
    };
    four[v % 4]
}

fn columns(c: &Community, fields: &[&'static str]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if c.style.serial {
        out.push(("", "序号".to_string()));
    }
    for &f in fields {
        let key = if f == "name" && fields.contains(&"start") {
            "iso_name"
        } else {
            f
        };
        out.push((f, header(key, c.style.headers).to_string()));
    }
    out
}

fn new_sheet(c: &Community, name: String, title: String, fields: &[&'static str]) -> Sheet {
    let mut s = Sheet::new(name, columns(c, fields));
    if c.style.title {
        s.title = Some(title);
    }
    if c.style.groups {
        let n = s.headers.len() as u16;
        let half = n / 2;
        s.groups = vec![
            (0, half.saturating_sub(1), "基本信息".into()),
            (half, n - 1, "登记情况".into()),
        ];
    }
    if c.style.dates == 1 {
        s.date_format = "yyyy/m/d";
    }
    s
}

/// Fill a row: the serial number, then the cells of the fields.
fn push_row(s: &mut Sheet, src: usize, value: impl Fn(&str) -> Cell) {
    let n = s.rows.len() + 1;
    let row = s
        .fields
        .iter()
        .map(|f| {
            if f.is_empty() {
                Cell::Num(n as f64)
            } else {
                value(f)
            }
        })
        .collect();
    s.rows.push(row);
    s.src.push(src);
}

const HOUSEHOLD_FIELDS: &[&str] = &[
    "community",
    "big_grid",
    "building",
    "household_id",
    "head_name",
    "id_number",
    "phone",
    "members",
    "address",
    "compound",
    "screened_on",
];

/// Registers: one file per big grid, or one workbook with a sheet per big grid.
pub fn registers(c: &Community, log: &mut Log) -> Vec<Book> {
    let mut sheets: Vec<(usize, Sheet)> = Vec::new();
    for (g, grid) in c.grids.iter().enumerate() {
        let name = if c.style.one_register {
            format!("第{}网格", g + 1)
        } else if c.idx.is_multiple_of(2) {
            "住户台账".to_string()
        } else {
            "Sheet1".to_string()
        };
        let title = format!("{}{}住户台账（2020年2月）", c.name, title_grid(&grid.code));
        let mut s = new_sheet(c, name, title, HOUSEHOLD_FIELDS);
        for (hi, h) in c.households.iter().enumerate().filter(|(_, h)| h.grid == g) {
            push_row(&mut s, hi, |f| household_cell(c, h, f));
        }
        sheets.push((g, s));
    }
    let mut books = Vec::new();
    if c.style.one_register {
        let path = format!("{}/{}住户台账（一户一册）.xlsx", c.name, c.name);
        let mut book = Book {
            path,
            format: FileFormat::Xlsx,
            sheets: Vec::new(),
        };
        for (g, mut s) in sheets {
            seeded::register(c, g, &mut s, &book.path, log);
            book.sheets.push(s);
        }
        books.push(book);
    } else {
        for (g, mut s) in sheets {
            let path = format!(
                "{}/住户台账/{}第{:02}网格住户台账.xlsx",
                c.name,
                c.name,
                g + 1
            );
            seeded::register(c, g, &mut s, &path, log);
            books.push(Book {
                path,
                format: FileFormat::Xlsx,
                sheets: vec![s],
            });
        }
    }
    books
}

fn title_grid(code: &str) -> String {
    if code.chars().all(|ch| ch.is_ascii_digit()) {
        format!("第{code}网格")
    } else {
        code.to_string()
    }
}

/// The staff roster: one sheet, or a sheet per group of people.
pub fn roster(c: &Community, log: &mut Log) -> Book {
    let mut fields: Vec<&'static str> = vec!["community", "name", "gender"];
    if c.style.headers != 3 {
        fields.push("birth_date");
    }
    if c.style.headers == 3 || c.idx % 4 == 1 {
        fields.push("age");
    }
    fields.extend(["role", "big_grid", "building", "id_number", "phone"]);
    let groups: Vec<(&str, Vec<Role>)> = if c.style.one_roster_sheet {
        vec![(
            "花名册",
            vec![
                Role::Worker,
                Role::Informant,
                Role::Cadre,
                Role::Police,
                Role::Volunteer,
                Role::Other,
            ],
        )]
    } else {
        vec![
            ("社区工作者", vec![Role::Worker]),
            ("信息员", vec![Role::Informant]),
            ("下沉干部及民警", vec![Role::Cadre, Role::Police]),
            ("志愿者", vec![Role::Volunteer]),
            ("其他人员", vec![Role::Other]),
        ]
    };
    let ext = if c.idx == 1 || c.idx == 10 {
        "xls"
    } else {
        "xlsx"
    };
    let path = format!("{}/{}工作人员花名册.{ext}", c.name, c.name);
    let format = if ext == "xls" {
        FileFormat::XlsxAsXls
    } else {
        FileFormat::Xlsx
    };
    let mut book = Book {
        path,
        format,
        sheets: Vec::new(),
    };
    for (name, roles) in groups {
        let title = format!(
            "{}疫情防控{}名单",
            c.name,
            if name == "花名册" {
                "工作人员"
            } else {
                name
            }
        );
        let mut s = new_sheet(c, name.to_string(), title, &fields);
        for (si, p) in c
            .staff
            .iter()
            .enumerate()
            .filter(|(_, p)| roles.contains(&p.role))
        {
            push_row(&mut s, si, |f| match f {
                "community" => Cell::text(c.name),
                "name" => Cell::text(p.name.clone()),
                "gender" => Cell::text(if p.male { "男" } else { "女" }),
                "birth_date" => date_cell(c, p.birth),
                "age" => Cell::Num(f64::from(super::world::age_on(
                    p.birth,
                    super::world::as_of_day(c.day),
                ))),
                "role" => Cell::text(p.role_text),
                "big_grid" => p.grid.map(|g| grid_cell(c, g)).unwrap_or(Cell::Empty),
                "building" => p
                    .building
                    .and_then(|b| c.buildings.get(b))
                    .map(|b| Cell::text(b.code.clone()))
                    .unwrap_or(Cell::Empty),
                "id_number" => Cell::text(p.id_number.clone()),
                "phone" => p.phone.clone().map(Cell::Text).unwrap_or(Cell::Empty),
                _ => Cell::Empty,
            });
        }
        book.sheets.push(s);
    }
    seeded::roster(c, &mut book, log);
    book
}

const DAILY_FIELDS: &[&str] = &[
    "report_date",
    "community",
    "big_grid",
    "households_visited",
    "new_arrivals",
    "under_isolation",
    "fever",
    "submitted_at",
];

/// Daily reports: one sheet, or one per month.
pub fn daily(c: &Community, log: &mut Log) -> Book {
    let path = format!("{}/{}日报告（1月24日-3月4日）.xlsx", c.name, c.name);
    let mut book = Book {
        path,
        format: FileFormat::Xlsx,
        sheets: Vec::new(),
    };
    let mut order: Vec<usize> = (0..c.daily.len()).collect();
    order.sort_by_key(|&i| (c.daily[i].date, c.daily[i].grid));
    let months: Vec<u32> = if c.idx % 2 == 1 {
        vec![1, 2, 3]
    } else {
        vec![0]
    };
    for m in months {
        let name = if m == 0 {
            "日报告".to_string()
        } else {
            format!("{m}月")
        };
        let title = format!("{}疫情防控日报告汇总表", c.name);
        let mut s = new_sheet(c, name, title, DAILY_FIELDS);
        for &i in order
            .iter()
            .filter(|&&i| m == 0 || c.daily[i].date.month() == m)
        {
            let d = &c.daily[i];
            push_row(&mut s, i, |f| match f {
                "report_date" => date_cell(c, d.date),
                "community" => Cell::text(c.name),
                "big_grid" => grid_cell(c, d.grid),
                "households_visited" => Cell::Num(f64::from(d.visited)),
                "new_arrivals" => Cell::Num(f64::from(d.arrivals)),
                "under_isolation" => Cell::Num(f64::from(d.isolated)),
                "fever" => Cell::Num(f64::from(d.fever)),
                "submitted_at" => d
                    .submitted
                    .map(|t| datetime_cell(c, t))
                    .unwrap_or(Cell::Empty),
                _ => Cell::Empty,
            });
        }
        book.sheets.push(s);
    }
    seeded::daily(c, &mut book, log);
    book
}

/// The grid table: one row per (big grid, building), as the households name them.
pub fn grid_table(c: &Community) -> Option<Book> {
    if !c.grid_table {
        return None;
    }
    let title = format!("{}“大网格+小网格”划分表", c.name);
    let mut s = new_sheet(
        c,
        "网格划分".to_string(),
        title,
        &["community", "big_grid", "building"],
    );
    let mut pairs = c.pairs();
    pairs.sort_by_key(|&(g, b)| (b, g));
    for (g, b) in pairs {
        if Some(b) == c.grid_table_omit {
            continue;
        }
        let code = c
            .buildings
            .get(b)
            .map(|x| x.code.clone())
            .unwrap_or_default();
        push_row(&mut s, b, |f| match f {
            "community" => Cell::text(c.name),
            "big_grid" => grid_cell(c, g),
            _ => Cell::text(code.clone()),
        });
    }
    let path = format!("{}/{}网格划分表.xlsx", c.name, c.name);
    Some(Book {
        path,
        format: FileFormat::Xlsx,
        sheets: vec![s],
    })
}

/// The home-isolation list (a GBK CSV export in one community).
pub fn isolation(c: &Community, log: &mut Log) -> Book {
    let fields: &[&'static str] = &[
        "community",
        "name",
        "id_number",
        "phone",
        "big_grid",
        "building",
        "household_id",
        "start",
        "end",
    ];
    let csv = c.idx == defects::GBK_CSV;
    let title = format!("{}居家隔离人员登记表", c.name);
    let mut s = new_sheet(c, "居家隔离".to_string(), title, fields);
    if csv {
        s.title = None;
        s.groups.clear();
    }
    for (i, p) in c.isolation.iter().enumerate() {
        let h = c.households.get(p.household);
        push_row(&mut s, i, |f| match f {
            "community" => Cell::text(c.name),
            "name" => Cell::text(p.name.clone()),
            "id_number" => Cell::text(p.id_number.clone()),
            "phone" => p.phone.clone().map(Cell::Text).unwrap_or(Cell::Empty),
            "start" => date_cell(c, p.start),
            "end" => p.end.map(|d| date_cell(c, d)).unwrap_or(Cell::Empty),
            _ => h.map(|h| household_cell(c, h, f)).unwrap_or(Cell::Empty),
        });
    }
    let (path, format) = if csv {
        (
            format!("{}/{}居家隔离人员名单.csv", c.name, c.name),
            FileFormat::CsvGbk,
        )
    } else {
        (
            format!("{}/{}居家隔离人员登记表.xlsx", c.name, c.name),
            FileFormat::Xlsx,
        )
    };
    let mut book = Book {
        path,
        format,
        sheets: vec![s],
    };
    seeded::isolation(c, &mut book, log);
    book
}
