package dev.earshot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ReportCommandTest {
    @Test
    void csvCellsThatASpreadsheetWouldRunAreNeutralised() {
        assertEquals("'=HYPERLINK(\"https://evil.example\",\"click\")", ReportCommand.cell("=HYPERLINK(\"https://evil.example\",\"click\")"));
        assertEquals("'+1", ReportCommand.cell("+1"));
        assertEquals("'@SUM(A1)", ReportCommand.cell("@SUM(A1)"));
        assertEquals("'-2+3", ReportCommand.cell("-2+3"));
        // Spreadsheets read a leading @ as a formula too, so even an ordinary handle gets the apostrophe.
        assertEquals("'@lumora", ReportCommand.cell("@lumora"));
        assertEquals("lumora", ReportCommand.cell("lumora"));
    }

    @Test
    void markdownCellsCannotForgeRowsOrMarkup() {
        String handle = "evil | 999 |\n| forged | row <img src=x> [link](https://evil.example)";
        String escaped = ReportCommand.md(handle);
        assertFalse(escaped.contains("\n"), escaped);
        assertFalse(escaped.replace("\\|", "").contains("|"), "every pipe is escaped: " + escaped);
        assertFalse(escaped.replace("\\<", "").contains("<"), escaped);
        assertFalse(escaped.replace("\\[", "").contains("["), escaped);
        assertEquals("plain", ReportCommand.md("plain"));
    }
}
