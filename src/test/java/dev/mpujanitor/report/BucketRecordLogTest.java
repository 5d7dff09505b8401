package dev.mpujanitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.run.AccountResult;
import dev.mpujanitor.run.RunBudget;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.ScanSummary;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.uploads.AgeBands;
import dev.mpujanitor.uploads.StoredBytes;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadTotals;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.testing.Summaries;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BucketRecordLogTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BucketRecordLog log = new BucketRecordLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), ScanStart.whole(true, RunBudget.unlimited()));

    private List<JsonNode> lines() {
        log.flush();
        ObjectMapper json = new ObjectMapper();
        return bytes.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    @Test
    void aTerminalControlAServerSentIsWrittenAsJsonsEscapeAndReadsBackTheSame() {
        String code = "Denied\u202egpj.exe\u009b2K\u007f\u001b]0;x\u0007";
        log.bucket(BucketResult.failed(BucketRef.of("locked", "us-east-1"), new BucketCallException("GetBucketLifecycleConfiguration", code, "no", null), 0));
        log.flush();

        String written = bytes.toString(StandardCharsets.UTF_8);

        assertThat(written).doesNotContain("\u202e", "\u009b", "\u007f", "\u001b", "\u0007")
                .containsIgnoringCase("Denied\\u202egpj.exe\\u009b2K\\u007f\\u001b]0;x\\u0007");
        assertThat(lines().getFirst().get("reason").asText()).isEqualTo(code);
    }

    @Test
    void eachBucketIsOneJsonLineWithEveryField() {
        log.bucket(BucketResult.of(BucketRef.of("data-lake", "eu-west-1"), Outcome.WOULD_REMEDIATE, "no-configuration", 0, 1));

        JsonNode line = lines().getFirst();
        assertThat(line.get("record").asText()).isEqualTo("bucket");
        assertThat(line.get("bucket").asText()).isEqualTo("data-lake");
        assertThat(line.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(line.get("outcome").asText()).isEqualTo("WOULD_REMEDIATE");
        assertThat(line.get("reason").asText()).isEqualTo("no-configuration");
        assertThat(line.get("rulesBefore").asInt()).isZero();
        assertThat(line.get("rulesAfter").asInt()).isEqualTo(1);
        assertThat(line.get("dryRun").asBoolean()).isTrue();
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void aFailureCarriesItsCodeAsReasonAndItsMessage() {
        log.bucket(BucketResult.failed(BucketRef.of("locked", "us-east-1"), new BucketCallException("GetBucketLifecycleConfiguration", "AccessDenied", "Access Denied", null), -1));

        JsonNode line = lines().getFirst();
        assertThat(line.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(line.get("reason").asText()).isEqualTo("AccessDenied");
        assertThat(line.get("error").asText()).contains("GetBucketLifecycleConfiguration");
    }

    @Test
    void theSummaryLineCountsEveryOutcomeIncludingZeroes() {
        log.finished(ScanSummary.builder(Map.of(Outcome.COMPLIANT, 3L), Summaries.complete()).duration(Duration.ofMillis(50))
                .apiCalls(Map.of("ListBuckets", 1L)).dryRun(true).build());

        JsonNode line = lines().getFirst();
        assertThat(line.get("record").asText()).isEqualTo("summary");
        assertThat(line.get("buckets").asLong()).isEqualTo(3);
        assertThat(line.get("outcomes").get("COMPLIANT").asLong()).isEqualTo(3);
        assertThat(line.get("outcomes").get("FAILED").asLong()).isZero();
        assertThat(line.get("outcomes")).hasSize(Outcome.values().length);
        assertThat(line.get("apiCalls").asLong()).isEqualTo(1);
        assertThat(line.get("durationMs").asLong()).isEqualTo(50);
    }

    @Test
    void eachStorageClassSaysWhatItIsBilledAsAtWhatPriceFromWhere() {
        Price standardInSydney = new Price(new BigDecimal("0.025"), PriceSource.API, "ap-southeast-2");
        Price iaFromTheTable = new Price(new BigDecimal("0.0138"), PriceSource.TABLE, "ap-southeast-2");
        UploadInventory inventory = UploadInventory.builder(2, 3L << 30).measured(0, Set.of()).cost(new BigDecimal("0.0888"), List.of(
                        new StoredBytes("GLACIER", "STANDARD", 1, 2L << 30, standardInSydney, standardInSydney.monthlyCost(2L << 30)),
                        new StoredBytes("STANDARD_IA", "STANDARD_IA", 1, 1L << 30, iaFromTheTable, iaFromTheTable.monthlyCost(1L << 30)))).build();
        log.bucket(BucketResult.builder("archive", "ap-southeast-2", Outcome.COMPLIANT, "covered-by:x").rules(1, 1).uploads(inventory).build());

        JsonNode line = lines().getFirst();
        assertThat(line.get("priceSource").asText()).isEqualTo("api,table");
        JsonNode glacier = line.get("storageClasses").get(0);
        assertThat(glacier.get("storageClass").asText()).isEqualTo("GLACIER");
        assertThat(glacier.get("billedAs").asText()).isEqualTo("STANDARD");
        assertThat(glacier.get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.025");
        assertThat(glacier.get("priceSource").asText()).isEqualTo("api");
        assertThat(glacier.get("priceRegion").asText()).isEqualTo("ap-southeast-2");
        assertThat(glacier.get("monthlyUsd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(line.get("storageClasses").get(1).get("priceSource").asText()).isEqualTo("table");
    }

    @Test
    void moneyIsAPlainDecimalNeverInExponentForm() {
        Price standard = new Price(new BigDecimal("0.023"), PriceSource.API, "us-east-1");
        log.bucket(costing(standard.monthlyCost(26_214_400)));
        log.bucket(costing(standard.monthlyCost(0)));
        log.flush();

        List<String> raw = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(raw.get(0)).contains("\"estimatedMonthlyWasteUsd\":0.00056152");
        assertThat(raw.get(1)).contains("\"estimatedMonthlyWasteUsd\":0,");
        assertThat(String.join("\n", raw)).doesNotContainPattern("[0-9]E-?[0-9]");
    }

    @Test
    void linesGoOutWholeAFewKilobytesAtATimeAndAllOfThemWhenTheRunReports() {
        BucketResult bucket = BucketResult.of(BucketRef.of("logs", "eu-west-1"), Outcome.COMPLIANT, "covered-by:x", 1, 1);
        for (int i = 0; i < 202; i++) {
            log.bucket(bucket);
        }
        int sentBeforeTheEnd = bytes.size();
        log.finished(Summaries.summary(Map.of(Outcome.COMPLIANT, 202L), true));

        assertThat(sentBeforeTheEnd).as("some went out before the end").isPositive();
        assertThat(bytes.toString(StandardCharsets.UTF_8).substring(0, sentBeforeTheEnd)).as("only whole lines go out").endsWith("}\n");
        assertThat(lines()).hasSize(203).last().satisfies(last -> assertThat(last.get("record").asText()).isEqualTo("summary"));
    }

    @Test
    void workersWritingAtOnceEachGetTheirWholeLinesOutNoneLostNoneInterleaved() throws InterruptedException {
        int workers = 8;
        int bucketsEach = 300;
        List<Thread> threads = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            String name = "worker-" + worker + "-bucket-";
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < bucketsEach; i++) {
                    log.bucket(BucketResult.of(BucketRef.of(name + i, "eu-west-1"), Outcome.COMPLIANT, "covered-by:x", 1, 1));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(lines()).extracting(line -> line.get("bucket").asText()).hasSize(workers * bucketsEach).doesNotHaveDuplicates()
                .contains("worker-0-bucket-0", "worker-7-bucket-299");
    }

    @Test
    void eachAccountOfARunOverSeveralIsOneLineWithItsOutcomesWasteAndError() {
        UploadTotals wasteful = new UploadTotals(true, true, 5, 3L << 30, true, 2, Optional.empty(), new BigDecimal("0.069"),
                0, 0, 0, 0, Set.of(PriceSource.API), AgeBands.none());
        log.account(new AccountResult(AccountRef.member("222222222222"), AccountResult.Status.INCOMPLETE, Optional.of("SlowDown"),
                Optional.of("could not list the account's buckets: SlowDown"), Map.of(Outcome.REMEDIATED, 4L), Map.of(), wasteful));

        JsonNode line = lines().getFirst();
        assertThat(line.get("record").asText()).isEqualTo("account");
        assertThat(line.get("account").asText()).isEqualTo("222222222222");
        assertThat(line.get("status").asText()).isEqualTo("INCOMPLETE");
        assertThat(line.get("errorCode").asText()).isEqualTo("SlowDown");
        assertThat(line.get("error").asText()).contains("could not list");
        assertThat(line.get("buckets").asLong()).isEqualTo(4);
        assertThat(line.get("outcomes").get("REMEDIATED").asLong()).isEqualTo(4);
        assertThat(line.get("outcomes").get("FAILED").asLong()).isZero();
        assertThat(line.get("uploads").get("incompleteUploadBytes").asLong()).isEqualTo(3L << 30);
        assertThat(line.get("uploads").get("estimatedMonthlyWasteUsd").decimalValue()).isEqualByComparingTo("0.069");
        assertThat(line.get("dryRun").asBoolean()).isTrue();
    }

    @Test
    void aBucketOfARunOverSeveralAccountsNamesItsAccountAndOneOfARunOverItsOwnDoesNot() {
        log.bucket(BucketResult.of(BucketRef.of("logs", "eu-west-1"), Outcome.COMPLIANT, "covered-by:x", 1, 1).inAccount(Optional.of("222222222222")));
        log.bucket(BucketResult.of(BucketRef.of("data", "eu-west-1"), Outcome.COMPLIANT, "covered-by:x", 1, 1));

        assertThat(lines().get(0).get("account").asText()).isEqualTo("222222222222");
        assertThat(lines().get(1).has("account")).isFalse();
    }

    private static BucketResult costing(BigDecimal monthlyCost) {
        UploadInventory inventory = UploadInventory.builder(1, 0).measured(0, Set.of()).cost(monthlyCost, List.of()).build();
        return BucketResult.builder("exports", "us-east-1", Outcome.COMPLIANT, "covered-by:x").rules(1, 1).uploads(inventory).build();
    }
}
