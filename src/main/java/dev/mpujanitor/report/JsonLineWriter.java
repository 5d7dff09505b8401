package dev.mpujanitor.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * JSON lines written by a streaming generator, with no document built first and no String in between, into a
 * buffer that goes out whole lines at a time: when it holds {@link #FLUSH_BYTES}, when {@link #FLUSH_NANOS} have
 * passed since it last went out, and when the run reports. Each line is one record, and one log event in Lambda,
 * which splits the function's output at line ends; so a record is never cut, and a process that dies mid-run loses at
 * most the lines of the last second, and never more than {@link #FLUSH_BYTES} (about 25 bucket records).
 *
 * <p>Each line is rendered by the thread that writes it, with a generator of its own, outside the lock; a full buffer
 * is sent outside it too. The lock covers only appending a rendered line and taking a full buffer: every bucket worker
 * writes here, and a worker descheduled while holding a wider lock would stop all the others
 * (docs/benchmark.md, "Choices the figures made").
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
    /** Each writing thread's own generator and line buffer, reused line after line. */
    private final ThreadLocal<LineRenderer> renderers;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(2 * FLUSH_BYTES);
    private long flushedAt = System.nanoTime();

    JsonLineWriter(PrintStream out) {
        this.out = out;
        JsonFactory factory = Json.MAPPER.getFactory();
        this.renderers = ThreadLocal.withInitial(() -> new LineRenderer(factory));
    }

    /** Writes one line; it goes out with the others when the buffer or the time says so. */
    void line(Line line) {
        LineRenderer rendered = renderers.get();
        try {
            rendered.render(line);
        } catch (RuntimeException e) {
            // A line given up halfway leaves its generator inside a value: the thread's next line starts afresh.
            renderers.remove();
            throw e;
        }
        byte[] full = null;
        synchronized (this) {
            rendered.appendTo(pending);
            if (pending.size() >= FLUSH_BYTES || System.nanoTime() - flushedAt >= FLUSH_NANOS) {
                full = takePending();
            }
        }
        if (full != null) {
            send(full);
        }
    }

    /** Sends every whole line written so far. */
    void flush() {
        byte[] all;
        synchronized (this) {
            all = takePending();
        }
        send(all);
    }

    private byte[] takePending() {
        byte[] taken = pending.toByteArray();
        pending.reset();
        flushedAt = System.nanoTime();
        return taken;
    }

    /**
     * Outside this writer's lock, so that the others go on appending while a buffer is written out. Two buffers sent
     * at once may go out in either order, each whole: the order of bucket records is the order they finished in,
     * which means nothing; the summary, written after every bucket's line has returned, is always last.
     */
    private void send(byte[] lines) {
        out.write(lines, 0, lines.length);
        out.flush();
    }

    /** One thread's generator, and the bytes of the line it last rendered. */
    private static final class LineRenderer extends ByteArrayOutputStream {
        private final JsonGenerator json;

        /** A bucket record is about 300 bytes; a summary grows the buffer as it needs. */
        LineRenderer(JsonFactory factory) {
            super(512);
            try {
                this.json = factory.createGenerator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Lines are ended here, not by the generator's space between root values.
            json.setRootValueSeparator(null);
        }

        void render(Line line) {
            reset();
            try {
                line.write(json);
                json.writeRaw('\n');
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void appendTo(ByteArrayOutputStream target) {
            target.write(buf, 0, count);
        }
    }
}
