package dev.mpujanitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.uploads.UploadInventory;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-bucket record, built in this one place for every format that carries it: the JSON line of
 * {@link BucketRecordLog} and the CSV row of {@link BucketCsv}. A record holds the {@link #FIELDS} that apply to its
 * bucket, in their order; since both formats are made from the same list, a field added here is in both.
 */
public final class BucketRecord {

    /** Where the record's values come from: one bucket's result, and whether the run was a dry run. */
    @FunctionalInterface
    private interface Value {
        Optional<JsonNode> of(BucketResult result, boolean dryRun);
    }

    private record Field(String name, Value value) {
    }

    /** The mapper's own factory, so that every value is the node {@code ObjectNode.put} would have made. */
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private static final List<Field> ALL = List.of(
            new Field("record", always(result -> NODES.textNode("bucket"))),
            new Field("account", (result, dryRun) -> result.account().map(NODES::textNode)),
            new Field("bucket", always(result -> NODES.textNode(result.bucket()))),
            new Field("region", always(result -> NODES.textNode(result.region()))),
            new Field("outcome", always(result -> NODES.textNode(result.outcome().name()))),
            new Field("reason", always(result -> NODES.textNode(result.reason()))),
            new Field("rulesBefore", always(result -> NODES.numberNode(result.rulesBefore()))),
            new Field("rulesAfter", always(result -> NODES.numberNode(result.rulesAfter()))),
            new Field("dryRun", (result, dryRun) -> Optional.of(NODES.booleanNode(dryRun))),
            new Field("error", (result, dryRun) -> result.error().map(NODES::textNode)),
            new Field("unrecognisedElement", (result, dryRun) -> result.unrecognisedElement().map(NODES::textNode)),
            new Field("incompleteUploads", listed(uploads -> NODES.numberNode(uploads.uploads()))),
            new Field("staleUploads", listed(uploads -> NODES.numberNode(uploads.stale()))),
            new Field("uploadsAborted", listed(uploads -> NODES.numberNode(uploads.aborted()))),
            new Field("incompleteUploadBytes", measured(uploads -> NODES.numberNode(uploads.bytes()))),
            new Field("bytesAreLowerBound", measured(uploads -> NODES.booleanNode(!uploads.bytesExact()))),
            new Field("unmeasuredUploads", measured(uploads -> NODES.numberNode(uploads.unmeasured()))),
            new Field("estimatedMonthlyWasteUsd", measured(uploads -> NODES.numberNode(uploads.monthlyCostUsd()))),
            new Field("bytesFreed", measured(uploads -> NODES.numberNode(uploads.bytesFreed()))),
            new Field("priceSource", priced(uploads -> NODES.textNode(uploads.byStorageClass().stream()
                    .map(stored -> stored.price().source().label()).distinct().sorted().collect(Collectors.joining(","))))),
            new Field("storageClasses", priced(BucketRecord::storageClasses)),
            new Field("oldestUploadAgeDays", (result, dryRun) -> result.uploads().flatMap(UploadInventory::oldestAge)
                    .map(age -> NODES.numberNode(SummaryDocument.days(age)))),
            new Field("inventoryError", (result, dryRun) -> result.uploads().flatMap(UploadInventory::error).map(NODES::textNode)),
            new Field("bytesLowerBoundBecause", (result, dryRun) -> result.uploads().filter(uploads -> !uploads.lowerBoundBecause().isEmpty())
                    .map(uploads -> NODES.textNode(String.join(",", new TreeSet<>(uploads.lowerBoundBecause()))))));

    /** Every field a bucket record can have, in the order a record holds them: the CSV's columns. */
    public static final List<String> FIELDS = ALL.stream().map(Field::name).toList();

    private BucketRecord() {
    }

    /** The record of one bucket: the fields that apply to it, in the order of {@link #FIELDS}. */
    public static ObjectNode of(BucketResult result, boolean dryRun) {
        ObjectNode record = Json.object();
        ALL.forEach(field -> field.value().of(result, dryRun).ifPresent(value -> record.set(field.name(), value)));
        return record;
    }

    private static Value always(Function<BucketResult, JsonNode> value) {
        return (result, dryRun) -> Optional.of(value.apply(result));
    }

    /** A figure of the uploads, when they were listed. */
    private static Value listed(Function<UploadInventory, JsonNode> value) {
        return (result, dryRun) -> result.uploads().map(value);
    }

    /** A figure of the bytes, when the parts were measured (INVENTORY_UPLOADS). */
    private static Value measured(Function<UploadInventory, JsonNode> value) {
        return (result, dryRun) -> result.uploads().filter(UploadInventory::bytesMeasured).map(value);
    }

    /** What the bytes cost by storage class, when some were measured and priced. */
    private static Value priced(Function<UploadInventory, JsonNode> value) {
        return (result, dryRun) -> result.uploads().filter(uploads -> uploads.bytesMeasured() && !uploads.byStorageClass().isEmpty()).map(value);
    }

    private static ArrayNode storageClasses(UploadInventory uploads) {
        ArrayNode classes = NODES.arrayNode();
        uploads.byStorageClass().forEach(stored -> classes.addObject()
                .put("storageClass", stored.storageClass())
                .put("billedAs", stored.billedAs())
                .put("uploads", stored.uploads())
                .put("bytes", stored.bytes())
                .put("usdPerGbMonth", stored.price().usdPerGbMonth())
                .put("priceSource", stored.price().source().label())
                .put("priceRegion", stored.price().region())
                .put("monthlyUsd", stored.monthlyCostUsd()));
        return classes;
    }
}
