package dev.mpujanitor.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * JSON lines written by one streaming generator, with no document built first and no String in between, into a
 * buffer that goes out whole lines at a time: when it holds {@link #FLUSH_BYTES}, when {@link #FLUSH_NANOS} have
 * passed since it last went out, and when the run reports. Each line is one record, and one log event in Lambda,
 * which splits the function's output at line ends; so a record is never cut, and a process that dies mid-run loses at
 * most the lines of the last second, and never more than {@link #FLUSH_BYTES} (about 25 bucket records).
 */
final class JsonLineWriter {

    static final int FLUSH_BYTES = 8 * 1024;
    static final long FLUSH_NANOS = 1_000_000_000L;

    /** Writes one JSON value, the line's record. */
    @FunctionalInterface
    interface Line {
        void write(JsonGenerator json) throws IOException;
    }

    private final PrintStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(2 * FLUSH_BYTES);
    private final JsonGenerator json;
    private long flushedAt = System.nanoTime();

    JsonLineWriter(PrintStream out) {
        this.out = out;
        try {
            this.json = Json.MAPPER.getFactory().createGenerator(pending);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Lines are ended here, not by the generator's space between root values.
        json.setRootValueSeparator(null);
    }

    /** Writes one line; it goes out with the others when the buffer or the time says so. */
    synchronized void line(Line line) {
        try {
            line.write(json);
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (pending.size() >= FLUSH_BYTES || System.nanoTime() - flushedAt >= FLUSH_NANOS) {
            flush();
        }
    }

    /** Sends every whole line written so far. */
    synchronized void flush() {
        out.write(pending.toByteArray(), 0, pending.size());
        out.flush();
        pending.reset();
        flushedAt = System.nanoTime();
    }
}
