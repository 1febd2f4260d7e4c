//! The static HTML site (issue: published HTML site).
