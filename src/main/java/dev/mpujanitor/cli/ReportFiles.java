package dev.mpujanitor.cli;

import dev.mpujanitor.report.BucketCsv;
import dev.mpujanitor.report.HtmlReport;
import dev.mpujanitor.report.ScanReports;
import dev.mpujanitor.run.ScanReport;
import dev.mpujanitor.run.ScanStart;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files a run leaves to share: {@code --report}'s HTML page, written when the run has finished, and {@code --csv}'s
 * rows, written as buckets finish. Either, both or neither; each is proven writable before any AWS call, and written
 * only once the run begins.
 */
final class ReportFiles implements AutoCloseable {

    static final String PAGE_OPTION = "--report";
    static final String ROWS_OPTION = "--csv";

    private final Optional<Path> page;
    private final Optional<Path> rows;
    private final ScanStart run;
    private final Clock clock;
    private Optional<HtmlReport> html = Optional.empty();
    private Optional<Writer> csv = Optional.empty();

    /** @param run the run the files are of: whether it writes */
    ReportFiles(Optional<Path> page, Optional<Path> rows, ScanStart run, Clock clock) {
        this.page = page;
        this.rows = rows;
        this.run = run;
        this.clock = clock;
    }

    /** A file the run wrote, and how large it came out. */
    record Written(Path file, long bytes) {
    }

    /**
     * Why a file given to {@code --report} or {@code --csv} could not be written, in one line naming the option; empty
     * when both can be. Nothing is left behind: a run that cannot start leaves no file.
     */
    static Optional<String> unwritable(Optional<Path> page, Optional<Path> rows) {
        Optional<String> problem = page.flatMap(file -> unwritable(PAGE_OPTION, file)).or(() -> rows.flatMap(file -> unwritable(ROWS_OPTION, file)));
        if (problem.isEmpty() && page.isPresent() && rows.isPresent() && page.get().toAbsolutePath().normalize().equals(rows.get().toAbsolutePath().normalize())) {
            return Optional.of("invalid " + ROWS_OPTION + ": " + rows.get() + " is also the file of " + PAGE_OPTION);
        }
        return problem;
    }

    private static Optional<String> unwritable(String option, Path file) {
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        String problem;
        if (Files.isDirectory(absolute)) {
            problem = "it is a directory";
        } else if (directory == null || !Files.isDirectory(directory)) {
            problem = "no directory " + directory;
        } else {
            Optional<String> refused = refusal(absolute);
            if (refused.isEmpty()) {
                return Optional.empty();
            }
            problem = refused.get();
        }
        return Optional.of("invalid " + option + ": cannot write " + file + ": " + problem);
    }

    /**
     * Why the file system refuses to open {@code file} for writing, found by opening it: asking about permissions is not
     * enough (root passes every check, yet {@code /proc} takes no new file, and a name can be too long). A file that was
     * not there is removed again, so a run that cannot start leaves nothing; one that was is opened without truncating
     * it, and replaced only when the run writes it.
     */
    private static Optional<String> refusal(Path file) {
        try {
            try {
                Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                Files.delete(file);
            } catch (FileAlreadyExistsException existing) {
                Files.newByteChannel(file, StandardOpenOption.WRITE).close();
            }
            return Optional.empty();
        } catch (FileSystemException e) {
            return Optional.of(Optional.ofNullable(e.getReason()).orElse("the file system refuses it (" + e.getClass().getSimpleName() + ")"));
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /**
     * {@code report}, and beside it the page and the rows asked for; opens the CSV and writes its header.
     *
     * @param target whose buckets these are, for the page's heading
     */
    ScanReport around(ScanReport report, String target) throws IOException {
        List<ScanReport> reports = new ArrayList<>(List.of(report));
        if (rows.isPresent()) {
            try {
                Writer writer = Files.newBufferedWriter(rows.get(), StandardCharsets.UTF_8);
                csv = Optional.of(writer);
                reports.add(BucketCsv.startedOn(writer, run));
            } catch (IOException e) {
                throw naming(ROWS_OPTION, rows.get(), e);
            }
        }
        if (page.isPresent()) {
            HtmlReport pageReport = new HtmlReport(target, clock);
            html = Optional.of(pageReport);
            reports.add(pageReport);
        }
        return ScanReports.of(reports.toArray(ScanReport[]::new));
    }

    /** Once the run has finished: the last rows out, and the page written. Returns the files written, the page first. */
    List<Written> finish() throws IOException {
        close();
        List<Written> written = new ArrayList<>();
        if (html.isPresent()) {
            try {
                Files.writeString(page.orElseThrow(), html.get().page(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw naming(PAGE_OPTION, page.orElseThrow(), e);
            }
            written.add(sized(PAGE_OPTION, page.orElseThrow()));
        }
        if (rows.isPresent()) {
            written.add(sized(ROWS_OPTION, rows.get()));
        }
        return written;
    }

    /** Closes the CSV: after {@link #finish()}, or when the run ended on an error. */
    @Override
    public void close() throws IOException {
        Optional<Writer> open = csv;
        csv = Optional.empty();
        if (open.isPresent()) {
            try {
                open.get().close();
            } catch (IOException e) {
                throw naming(ROWS_OPTION, rows.orElseThrow(), e);
            }
        }
    }

    private static Written sized(String option, Path file) throws IOException {
        try {
            return new Written(file, Files.size(file));
        } catch (IOException e) {
            throw naming(option, file, e);
        }
    }

    /** The error, saying which option named the file: the JDK's message is often the path alone. */
    private static IOException naming(String option, Path file, IOException e) {
        return new IOException(option + " " + file + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
}
