//! `gridreport mail OUT`: email each community its workbook (`crate::mail`);
//! `gridreport mail --templates DIR`: each community its template (`crate::template::mail`).

use super::Fail;
use crate::mail::MailArgs;
use crate::vocab::lang::Lang;

pub fn mail(args: MailArgs) -> Result<i32, Fail> {
    if !args.out.is_dir() {
        return Err(Fail(match args.lang {
            Lang::Zh => format!("{}：文件夹不存在", args.out.display()),
            Lang::En => format!("{}: no such folder", args.out.display()),
        }));
    }
    let outbox = if args.templates {
        crate::template::mail::outbox(&args.out)?
    } else {
        crate::mail::report_outbox(&args.out, args.lang)?
    };
    Ok(crate::mail::run(&args, outbox)?)
}
