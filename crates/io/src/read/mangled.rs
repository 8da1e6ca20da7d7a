//! Codes a spreadsheet turned into numbers: an 18-character credit code
//! typed into a cell of Excel's "General" format becomes `9.16523E+17` in
//! a CSV export, `916523230000000000` (15 digits kept) through pandas, and
//! `0012345` becomes `12345`. Read as ids, such codes would be accepted
//! silently, or all collide as duplicates. They are refused here, on every
//! route (CSV, workbooks, DataFrames), with the fix.

/// What the user should do about a mangled code.
pub(crate) const FIX: &str = "set the column's format to 文本 (Text) in Excel or WPS, type or paste the codes \
                              again, and save again (the digits the spreadsheet dropped are not in this file)";

/// Whether `value` is a number in scientific notation (`9.16523E+17`,
/// `9.165E17`): how Excel writes a long number it displays shortened.
pub(crate) fn scientific(value: &str) -> Option<String> {
    let (mantissa, exponent) = value.split_once(['E', 'e'])?;
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    (mantissa_ok && digits(exponent)).then(|| {
        format!("`{value}` is a number in scientific notation: a spreadsheet turned the code into a number; {FIX}")
    })
}

/// Whether the whole number `value` (16 to 19 digits) is what a
/// spreadsheet keeps of a longer code (Excel keeps 15 significant digits):
/// the 15 digits and zeros, as Excel writes it, or the double nearest to
/// that, as pandas writes it (`916523231234569984`).
fn fifteen_digits(value: &str) -> bool {
    if !(16..=19).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if value.bytes().skip(15).all(|b| b == b'0') {
        return true;
    }
    let Ok(number) = value.parse::<u64>() else { return false };
    let scale = 10u64.pow(value.len() as u32 - 15);
    let rounded = (number + scale / 2) / scale * scale;
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let nearest = |n: u64| (n as f64) as u64;
    nearest(rounded) == number
}

/// The codes of one column that a spreadsheet mangled, by their place
/// in `values`, each with its message. Judged over the column, as one
/// code alone cannot be: a real 18-digit code looks like a rounded one
/// about once in a thousand, while a column Excel turned into numbers
/// has every long code rounded; and a code shorter than the others is a
/// lost leading zero only where other codes of the column kept theirs.
pub(crate) fn in_column<'v>(values: impl Iterator<Item = &'v str> + Clone) -> Vec<(usize, String)> {
    let long = values.clone().filter(|v| (16..=19).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()));
    let (long, rounded) = long.fold((0, 0), |(n, r), v| (n + 1, r + usize::from(fifteen_digits(v))));
    let mut out = Vec::new();
    if rounded >= 2 && rounded * 2 >= long {
        for (i, value) in values.clone().enumerate() {
            if fifteen_digits(value) {
                out.push((
                    i,
                    format!(
                        "`{value}` has only its first 15 digits: a spreadsheet stored the code as a number \
                         ({rounded} of the column's {long} long codes are so); {FIX}"
                    ),
                ));
            }
        }
    }
    let numeric = |v: &&str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let zero_led = values.clone().filter(numeric).filter(|v| v.starts_with('0')).map(str::len).max();
    if let Some(width) = zero_led {
        let example = values.clone().find(|v| v.len() == width && v.starts_with('0')).unwrap_or_default().to_owned();
        for (i, value) in values.enumerate() {
            if numeric(&value) && value.len() < width && !value.starts_with('0') {
                let padded = format!("{value:0>width$}");
                out.push((
                    i,
                    format!(
                        "`{value}` looks like a code that lost its leading zeros (`{padded}`?): other codes of the \
                         column have {width} digits with their zeros, e.g. `{example}`; {FIX}"
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_is_found_with_the_fix() {
        for mangled in ["9.16523E+17", "9.16523e+17", "9E+17", "9.165E17"] {
            assert!(scientific(mangled).is_some_and(|m| m.contains("文本")), "{mangled}");
        }
        for fine in ["91652300MA77XYZ12A", "E+17", "9.16523E+", "652300001", "1E5X"] {
            assert!(scientific(fine).is_none(), "{fine}");
        }
    }

    #[test]
    fn a_column_of_rounded_codes_is_refused_and_a_real_one_is_not() {
        // As Excel writes them, as pandas does, and a code kept as text.
        let rounded = ["916523230000000000", "916523231234570000", "916523231234569984", "91652300MA77XYZ12A"];
        let found: Vec<usize> = in_column(rounded.iter().copied()).into_iter().map(|(i, _)| i).collect();
        assert_eq!(found, [0, 1, 2]);
        // One long code that happens to end in zeros, among real ones.
        let real = ["916523230000000000", "916523231234567891", "916523239876543212", "916523231111111113"];
        assert!(in_column(real.iter().copied()).is_empty());
    }

    #[test]
    fn codes_that_lost_their_zeros_are_found_where_others_kept_them() {
        let codes = ["0012345", "12346", "0012347", "7654321"];
        let found = in_column(codes.iter().copied());
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("`0012346`?"), "{}", found[0].1);
        // Numbers of every length, none with a leading zero: not codes that lost one.
        assert!(in_column(["1", "22", "333"].iter().copied()).is_empty());
    }
}
