//! `gridreport sample`: a synthetic sub-district (issue: sample district).
