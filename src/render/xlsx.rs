//! The Excel workbooks (issue: Excel workbooks).
