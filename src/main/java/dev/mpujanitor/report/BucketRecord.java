package dev.mpujanitor.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.uploads.StoredBytes;
import dev.mpujanitor.uploads.UploadInventory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The per-bucket record, described in this one place for every format that carries it: the JSON line of
 * {@link BucketRecordLog} and the CSV row of {@link BucketCsv}. A record holds the {@link #FIELDS} that apply to its
 * bucket, in their order; since both formats are written from the same list, a field added here is in both. Each field
 * is written straight to its format, with no document built in between: a run writes one record per bucket.
 */
public final class BucketRecord {

    /** Where a record's fields go, one by one: a JSON line's generator, or a CSV row's cells. */
    interface FieldSink {
        void text(String name, String value) throws IOException;

        void number(String name, long value) throws IOException;

        void decimal(String name, BigDecimal value) throws IOException;

        void fraction(String name, double value) throws IOException;

        void flag(String name, boolean value) throws IOException;

        /** The storage classes' figures, a nested list in JSON. */
        void storageClasses(String name, List<StoredBytes> classes) throws IOException;
    }

    /** Writes one field of one bucket's record, when the bucket has it. */
    @FunctionalInterface
    private interface Value {
        void write(FieldSink sink, String name, BucketResult result, boolean dryRun) throws IOException;
    }

    private record Field(String name, Value value) {
    }

    private static final Predicate<UploadInventory> LISTED = uploads -> true;
    private static final Predicate<UploadInventory> MEASURED = UploadInventory::bytesMeasured;
    private static final Predicate<UploadInventory> PRICED = uploads -> uploads.bytesMeasured() && !uploads.byStorageClass().isEmpty();

    private static final List<Field> ALL = List.of(
            new Field("record", (sink, name, result, dryRun) -> sink.text(name, "bucket")),
            new Field("account", (sink, name, result, dryRun) -> textIfPresent(sink, name, result.account())),
            new Field("bucket", (sink, name, result, dryRun) -> sink.text(name, result.bucket())),
            new Field("region", (sink, name, result, dryRun) -> sink.text(name, result.region())),
            new Field("bucketType", (sink, name, result, dryRun) -> sink.text(name, result.bucketType())),
            new Field("outcome", (sink, name, result, dryRun) -> sink.text(name, result.outcome().name())),
            new Field("reason", (sink, name, result, dryRun) -> sink.text(name, result.reason())),
            new Field("rulesBefore", (sink, name, result, dryRun) -> sink.number(name, result.rulesBefore())),
            new Field("rulesAfter", (sink, name, result, dryRun) -> sink.number(name, result.rulesAfter())),
            new Field("dryRun", (sink, name, result, dryRun) -> sink.flag(name, dryRun)),
            new Field("error", (sink, name, result, dryRun) -> textIfPresent(sink, name, result.error())),
            new Field("unrecognisedElement", (sink, name, result, dryRun) -> textIfPresent(sink, name, result.unrecognisedElement())),
            new Field("lifecycleShutOut", (sink, name, result, dryRun) -> textIfPresent(sink, name, result.lifecycleShutOut().flatMap(LifecycleAccess::shutOut))),
            new Field("statementToAdd", (sink, name, result, dryRun) -> textIfPresent(sink, name, result.lifecycleShutOut().map(LifecycleAccess::statementToAdd))),
            new Field("incompleteUploads", uploads(LISTED, (sink, name, uploads) -> sink.number(name, uploads.uploads()))),
            new Field("staleUploads", uploads(LISTED, (sink, name, uploads) -> sink.number(name, uploads.stale()))),
            new Field("uploadsAborted", uploads(LISTED, (sink, name, uploads) -> sink.number(name, uploads.aborted()))),
            new Field("incompleteUploadBytes", uploads(MEASURED, (sink, name, uploads) -> sink.number(name, uploads.bytes()))),
            new Field("bytesAreLowerBound", uploads(MEASURED, (sink, name, uploads) -> sink.flag(name, !uploads.bytesExact()))),
            new Field("unmeasuredUploads", uploads(MEASURED, (sink, name, uploads) -> sink.number(name, uploads.unmeasured()))),
            new Field("estimatedMonthlyWasteUsd", uploads(MEASURED, (sink, name, uploads) -> sink.decimal(name, uploads.monthlyCostUsd()))),
            new Field("bytesFreed", uploads(MEASURED, (sink, name, uploads) -> sink.number(name, uploads.bytesFreed()))),
            new Field("priceSource", uploads(PRICED, (sink, name, uploads) -> sink.text(name, uploads.byStorageClass().stream()
                    .map(stored -> stored.price().source().label()).distinct().sorted().collect(Collectors.joining(","))))),
            new Field("storageClasses", uploads(PRICED, (sink, name, uploads) -> sink.storageClasses(name, uploads.byStorageClass()))),
            new Field("oldestUploadAgeDays", uploads(uploads -> uploads.oldestAge().isPresent(), (sink, name, uploads) ->
                    sink.fraction(name, Figures.days(uploads.oldestAge().orElseThrow())))),
            new Field("inventoryError", uploads(LISTED, (sink, name, uploads) -> textIfPresent(sink, name, uploads.error()))),
            new Field("bytesLowerBoundBecause", uploads(uploads -> !uploads.lowerBoundBecause().isEmpty(), (sink, name, uploads) ->
                    sink.text(name, String.join(",", new TreeSet<>(uploads.lowerBoundBecause()))))),
            new Field("lifecycleReread", (sink, name, result, dryRun) -> {
                if (result.lifecycleChanged()) {
                    sink.text(name, "changed");
                }
            }));

    /** Every field a bucket record can have, in the order a record holds them: the CSV's columns. */
    public static final List<String> FIELDS = ALL.stream().map(Field::name).toList();

    private BucketRecord() {
    }

    /**
     * The fields of one bucket's record that apply to it, in the order of {@link #FIELDS}. Written once per bucket, so
     * no field allocates anything to decide whether it applies.
     */
    static void write(FieldSink sink, BucketResult result, boolean dryRun) throws IOException {
        for (Field field : ALL) {
            field.value().write(sink, field.name(), result, dryRun);
        }
    }

    private static void textIfPresent(FieldSink sink, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            sink.text(name, value.get());
        }
    }

    /** A figure of the bucket's incomplete uploads, when they were listed and {@code applies}. */
    private static Value uploads(Predicate<UploadInventory> applies, UploadFigure figure) {
        return (sink, name, result, dryRun) -> {
            Optional<UploadInventory> uploads = result.uploads();
            if (uploads.isPresent() && applies.test(uploads.get())) {
                figure.write(sink, name, uploads.get());
            }
        };
    }

    @FunctionalInterface
    private interface UploadFigure {
        void write(FieldSink sink, String name, UploadInventory uploads) throws IOException;
    }

    /** The fields into a JSON object being written; the caller opens and closes it. */
    static FieldSink json(JsonGenerator json) {
        return new FieldSink() {
            @Override
            public void text(String name, String value) throws IOException {
                json.writeStringField(name, value);
            }

            @Override
            public void number(String name, long value) throws IOException {
                json.writeNumberField(name, value);
            }

            @Override
            public void decimal(String name, BigDecimal value) throws IOException {
                json.writeNumberField(name, value);
            }

            @Override
            public void fraction(String name, double value) throws IOException {
                json.writeNumberField(name, value);
            }

            @Override
            public void flag(String name, boolean value) throws IOException {
                json.writeBooleanField(name, value);
            }

            @Override
            public void storageClasses(String name, List<StoredBytes> classes) throws IOException {
                json.writeFieldName(name);
                writeStorageClasses(json, classes);
            }
        };
    }

    /** The storage classes as compact JSON, for a CSV cell: what the JSON line holds under the same name. */
    static String storageClassesJson(List<StoredBytes> classes) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(text)) {
            writeStorageClasses(json, classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeStorageClasses(JsonGenerator json, List<StoredBytes> classes) throws IOException {
        json.writeStartArray();
        for (StoredBytes stored : classes) {
            json.writeStartObject();
            json.writeStringField("storageClass", stored.storageClass());
            json.writeStringField("billedAs", stored.billedAs());
            json.writeNumberField("uploads", stored.uploads());
            json.writeNumberField("bytes", stored.bytes());
            json.writeNumberField("usdPerGbMonth", stored.price().usdPerGbMonth());
            json.writeStringField("priceSource", stored.price().source().label());
            json.writeStringField("priceRegion", stored.price().region());
            json.writeNumberField("monthlyUsd", stored.monthlyCostUsd());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
