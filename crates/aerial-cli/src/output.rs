//! Printing results: aligned tables and plain sentences for people, JSON for scripts.

use std::io::Write;

use serde::Serialize;

use crate::failure::{Failure, Outcome};

/// A table whose columns are padded to their widest cell.
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Self {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders the table. Control characters in cells are replaced, so text from a server
    /// cannot move the cursor or change the terminal's colours.
    pub fn render(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| printable(cell)).collect())
            .collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|header| header.len()).collect();
        for row in &rows {
            for (index, cell) in row.iter().enumerate() {
                widths[index] = widths[index].max(cell.chars().count());
            }
        }

        let mut text = String::new();
        let header_cells: Vec<String> = self
            .headers
            .iter()
            .map(|header| header.to_string())
            .collect();
        push_line(&mut text, &header_cells, &widths);
        for row in &rows {
            push_line(&mut text, row, &widths);
        }
        text
    }
}

fn push_line(text: &mut String, cells: &[String], widths: &[usize]) {
    let mut line = String::new();
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            line.push_str("  ");
        }
        line.push_str(cell);
        if index + 1 < cells.len() {
            let padding = widths[index].saturating_sub(cell.chars().count());
            line.push_str(&" ".repeat(padding));
        }
    }
    text.push_str(line.trim_end());
    text.push('\n');
}

/// Replaces control characters with U+FFFD.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|character| {
            if character.is_control() {
                '\u{fffd}'
            } else {
                character
            }
        })
        .collect()
}

/// Replaces control characters other than line breaks with U+FFFD, for messages that quote text
/// from a server (org names, Okta's error summaries) on the terminal.
pub fn printable_lines(text: &str) -> String {
    text.lines().map(printable).collect::<Vec<_>>().join("\n")
}

/// Writes `text` to stdout. A closed pipe (`aerial … | head`) is not an error.
pub fn print(text: &str) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Failure::rejected(
            format!("Could not write to stdout: {error}."),
            "",
        )),
    }
}

/// Writes `value` to stdout as pretty-printed JSON.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Outcome {
    let text = serde_json::to_string_pretty(value).map_err(|error| {
        Failure::rejected(format!("Could not write the result as JSON: {error}."), "")
    })?;
    print(&format!("{text}\n"))
}

/// Writes a sentence for people to stderr, so stdout keeps only the result.
pub fn note(text: &str) {
    eprintln!("{}", printable_lines(text));
}

/// Returns `value`, or "-" when it is missing.
pub fn or_dash(value: Option<&str>) -> String {
    value
        .filter(|value| !value.is_empty())
        .unwrap_or("-")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_replaced() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{fffd}[2Jb");
        assert_eq!(printable_lines("one\u{7}\ntwo"), "one\u{fffd}\ntwo");
    }

    #[test]
    fn table_pads_columns() {
        let mut table = Table::new(&["ID", "NAME"]);
        table.row(vec!["P1".to_owned(), "Short".to_owned()]);
        table.row(vec!["P000052".to_owned(), "Longer name".to_owned()]);
        assert_eq!(
            table.render(),
            "ID       NAME\nP1       Short\nP000052  Longer name\n"
        );
    }
}
