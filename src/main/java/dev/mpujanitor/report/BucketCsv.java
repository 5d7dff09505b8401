package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.uploads.StoredBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One CSV row per bucket (RFC 4180), with the columns of the JSON bucket record: its {@link BucketRecord#FIELDS},
 * named and ordered alike, a cell left empty where a record lacks the field, and a nested value (the storage classes)
 * as compact JSON in its cell. Rows are written as buckets finish, so that an account of a million buckets is never
 * held in memory; whoever opened the writer closes it.
 */
public final class BucketCsv implements ScanReport {

    /**
     * A text cell beginning with one of these is a formula to a spreadsheet (OWASP, "CSV Injection"): {@code =},
     * {@code +}, {@code -}, {@code @}, a tab or a carriage return.
     */
    private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");
    /** A cell with one of these must be quoted. */
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");
    /** RFC 4180 ends every record with CRLF, whatever the platform. */
    private static final String EOL = "\r\n";

    private final Writer out;
    private final boolean dryRun;

    private BucketCsv(Writer out, boolean dryRun) {
        this.out = out;
        this.dryRun = dryRun;
    }

    /** A CSV whose header is already written: a run of no bucket still gives a file that names its columns. */
    public static BucketCsv startedOn(Writer out, ScanStart run) throws IOException {
        out.write(row(BucketRecord.FIELDS) + EOL);
        return new BucketCsv(out, run.dryRun());
    }

    @Override
    public void bucket(BucketResult result) {
        Map<String, String> cells = new HashMap<>();
        try {
            BucketRecord.write(cells(cells), result, dryRun);
            String line = row(BucketRecord.FIELDS.stream().map(field -> cells.getOrDefault(field, "")).toList()) + EOL;
            synchronized (out) {
                out.write(line);
            }
        } catch (IOException e) {
            // The scan counts a report that throws, and the run then ends INCOMPLETE: a row must not vanish silently.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each field as it reads in the JSON record: text as itself but inert, anything else (numbers, booleans, lists) as its
     * JSON. Only the column's type decides: a negative number is a number, never taken for a formula.
     */
    private static BucketRecord.FieldSink cells(Map<String, String> cells) {
        return new BucketRecord.FieldSink() {
            @Override
            public void text(String name, String value) {
                cells.put(name, inert(value));
            }

            @Override
            public void number(String name, long value) {
                cells.put(name, Long.toString(value));
            }

            @Override
            public void decimal(String name, BigDecimal value) {
                cells.put(name, value.toPlainString());
            }

            @Override
            public void fraction(String name, double value) {
                cells.put(name, Double.toString(value));
            }

            @Override
            public void flag(String name, boolean value) {
                cells.put(name, Boolean.toString(value));
            }

            @Override
            public void storageClasses(String name, List<StoredBytes> classes) {
                cells.put(name, BucketRecord.storageClassesJson(classes));
            }
        };
    }

    @Override
    public void finished(ScanSummary summary) {
        // Nothing to add: the summary has its own record, and the file is closed by whoever opened it.
    }

    private static String row(List<String> cells) {
        return cells.stream().map(BucketCsv::quoted).collect(Collectors.joining(","));
    }

    /**
     * Text a spreadsheet would run as a formula (an error code a server sent can begin with {@code =}), behind a single
     * quote, as OWASP advises: the spreadsheet then shows it as text.
     */
    private static String inert(String text) {
        return FORMULA_START.matcher(text).find() ? "'" + text : text;
    }

    private static String quoted(String cell) {
        return NEEDS_QUOTES.matcher(cell).find() ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
