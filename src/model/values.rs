//! Value rules of SPEC §4 (implemented by the values work).
