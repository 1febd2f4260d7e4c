//! The first sheet, 填表说明: how to fill the workbook in, what each sheet is for, every
//! column with its rule, an example and what the report says when it is broken, and where
//! the workbook goes when it is filled in. It is text for people: no row of it names the
//! columns of a table kind, so `build` never reads it as data.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::columns::columns;
use super::communities::Community;
use super::rules::{example, more, purpose, reported, rule};
use super::Plan;
use crate::render::xlsx::table::{clip, text_width};
use crate::vocab::lang::Lang;

/// Column widths (Excel characters): sheet, column, required, rule, example, report.
const WIDTHS: [f64; 6] = [12.0, 14.0, 6.0, 56.0, 20.0, 48.0];
/// Points per line of wrapped text, and Excel's tallest row.
const LINE: f64 = 18.0;
const MAX_HEIGHT: f64 = 409.0;

pub fn name(lang: Lang) -> &'static str {
    lang.pick("填表说明", "Instructions")
}

/// The title of a community's workbook (and of the guide).
pub fn title(plan: &Plan, community: Option<&Community>) -> String {
    let district = plan.district.as_deref().map(|d| format!("{d} "));
    let district = district.as_deref().unwrap_or_default();
    match (community, plan.lang) {
        (Some(c), Lang::Zh) => format!("{district}{} 数据填报模板", c.name),
        (Some(c), Lang::En) => format!("{district}{}: data entry workbook", c.name),
        (None, Lang::Zh) => format!("{district}社区数据填报模板"),
        (None, Lang::En) => format!("{district}Community data entry workbook"),
    }
}

/// The notes on filling the workbook in, one paragraph each.
pub fn notes(plan: &Plan) -> Vec<String> {
    let lang = plan.lang;
    let back = match (plan.district.as_deref(), lang) {
        (Some(d), Lang::Zh) => format!("填好后保存（仍为 .xlsx 格式），发回{d}：直接回复发来本工作簿的邮件即可。"),
        (None, Lang::Zh) => "填好后保存（仍为 .xlsx 格式），发回街道办：直接回复发来本工作簿的邮件即可。".to_string(),
        (Some(d), Lang::En) => format!("When it is filled in, save it (still as .xlsx) and send it back to {d}: reply to the email that brought it."),
        (None, Lang::En) => "When it is filled in, save it (still as .xlsx) and send it back to the sub-district office: reply to the email that brought it.".to_string(),
    };
    let s = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    vec![
        s(
            "每个工作表是一种表格：第 1 行是表头，从第 2 行起每行一条记录。不要改表头，不要在表头上方加标题，也不要在数据中间加合计、小计或说明行。",
            "Each sheet is one table: the header is row 1, every row from row 2 on is one record. Do not change the header, add no title above it, and no total, subtotal or note rows among the data.",
        ),
        s(
            "表头带 * 的列必须填写：缺了，这一行就不计入汇总。",
            "Columns whose header has a * must be filled in: a row without one is left out of the report.",
        ),
        s(
            "选中单元格会显示这一列的填写要求；社区、大网格、楼栋、身份、性别、小区类型可从下拉列表中选择。",
            "Selecting a cell shows what its column takes; community, big grid, building, role, gender and compound type have drop-down lists.",
        ),
        s(
            "身份证号、电话和各种编号列已设为文本格式，直接输入即可（不必加单引号），末尾数字不会变成 000；日期写成 2020-02-01。",
            "Id number, phone and code columns are text: type them as they are (no leading apostrophe needed) and no digit turns into 000. Write dates as 2020-02-01.",
        ),
        s(
            "这些检查只管键盘输入：复制粘贴进来的内容不经检查（Excel 和 WPS 都是这样）。汇总时 gridreport 会再逐格检查，问题会列在报告里，注明工作表和单元格。",
            "These checks only apply to what is typed: pasted values bypass them (a limit of Excel and WPS). gridreport checks every cell again when it makes the report and lists each problem with its sheet and cell.",
        ),
        s(
            "数据表里不要写示例或说明（会被当作数据读入）。不用的工作表留空即可，不要删除表头。",
            "Write no examples or notes in the data sheets (they would be read as data). Leave a sheet you do not need empty, with its header.",
        ),
        s(
            "个人信息（姓名、身份证号、电话、住址）只用于核对，不会出现在街道的汇总网页上。",
            "Personal data (names, id numbers, phones, addresses) is used for checking only and never appears on the sub-district's report pages.",
        ),
        back,
    ]
}

/// Write 填表说明 as the workbook's first sheet.
pub fn guide_sheet(
    wb: &mut Workbook,
    plan: &Plan,
    community: Option<&Community>,
) -> Result<(), XlsxError> {
    let lang = plan.lang;
    let ws = wb.add_worksheet();
    ws.set_name(name(lang))?;
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let title = Format::new().set_bold().set_font_size(14);
    let heading = Format::new().set_bold().set_font_size(12);
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut r = 0u32;
    ws.write_string_with_format(r, 0, clip(&self::title(plan, community)), &title)?;
    r += 1;
    let made = match lang {
        Lang::Zh => format!(
            "制表日期 {}。本工作簿由 gridreport 生成，街道用 gridreport 汇总和检查。",
            plan.day
        ),
        Lang::En => format!(
            "Made for {}. gridreport made this workbook; the sub-district office merges and checks it with gridreport.",
            plan.day
        ),
    };
    ws.write_string(r, 0, made)?;
    r += 2;

    ws.write_string_with_format(r, 0, lang.pick("怎样填写", "How to fill it in"), &heading)?;
    r += 1;
    let all: f64 = WIDTHS.iter().sum();
    for (i, note) in notes(plan).iter().enumerate() {
        let text = format!("{}. {note}", i + 1);
        ws.merge_range(r, 0, r, 5, clip(&text), &wrap)?;
        set_height(ws, r, &[(&text, all)])?;
        r += 1;
    }
    r += 1;

    ws.write_string_with_format(r, 0, lang.pick("工作表", "Sheets"), &heading)?;
    r += 1;
    for &kind in &plan.kinds {
        ws.write_string_with_format(r, 0, kind.label(lang), &bold)?;
        ws.merge_range(r, 1, r, 5, purpose(kind, lang), &wrap)?;
        r += 1;
    }
    r += 1;

    ws.write_string_with_format(r, 0, lang.pick("各列的填写要求", "The columns"), &heading)?;
    r += 1;
    let heads = [
        lang.pick("工作表", "Sheet"),
        lang.pick("列", "Column"),
        lang.pick("必填", "Required"),
        lang.pick("填写要求", "What it takes"),
        lang.pick("示例", "Example"),
        lang.pick(
            "填错时汇总报告的提示",
            "What the report says when it is broken",
        ),
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    ws.set_freeze_panes(r + 1, 0)?;
    r += 1;
    let yes = lang.pick("是", "yes");
    for &kind in &plan.kinds {
        for col in columns(kind) {
            let mut what = rule(kind, &col, plan, community);
            if let Some(m) = more(col.field, lang) {
                what.push_str(lang.pick("", " "));
                what.push_str(&m);
            }
            let ex = example(col.field, plan, community);
            let said = reported(kind, &col, plan);
            ws.write_string_with_format(r, 0, kind.label(lang), &wrap)?;
            ws.write_string_with_format(r, 1, &col.header, &bold)?;
            ws.write_string_with_format(r, 2, if col.required { yes } else { "" }, &wrap)?;
            ws.write_string_with_format(r, 3, clip(&what), &wrap)?;
            ws.write_string_with_format(r, 4, clip(&ex), &wrap)?;
            ws.write_string_with_format(r, 5, &said, &wrap)?;
            set_height(
                ws,
                r,
                &[(&what, WIDTHS[3]), (&ex, WIDTHS[4]), (&said, WIDTHS[5])],
            )?;
            r += 1;
        }
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A row tall enough for its wrapped texts, each in a column (or merged cells) `width` wide.
fn set_height(ws: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(t, w)| (text_width(t) as f64 / (w - 2.0).max(1.0)).ceil().max(1.0))
        .fold(1.0, f64::max);
    ws.set_row_height(row, (lines * LINE).min(MAX_HEIGHT))?;
    Ok(())
}
