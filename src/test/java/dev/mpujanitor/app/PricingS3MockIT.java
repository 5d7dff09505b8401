package dev.mpujanitor.app;

import static dev.mpujanitor.testing.Uploads.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mpujanitor.aws.ClientTimeouts;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.testing.FakePriceList;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.SeededAccount;
import dev.mpujanitor.testing.Uploads;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Prices that match the bill: buckets in three regions with uploads started in STANDARD, STANDARD_IA and GLACIER,
 * priced through a Price List on loopback that speaks the real protocol, and the ways back to the built-in prices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricingS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    /** Short, so that an unreachable Price List costs a second, not a minute. */
    private static final ClientTimeouts FAST = new ClientTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofMillis(50));

    private final Map<Region, S3Client> clients = new HashMap<>();

    @BeforeAll
    void uploadsInThreeRegionsAndThreeClasses() {
        upload("prices-virginia", Region.US_EAST_1, StorageClass.STANDARD, 5 * MIB, 1 * MIB);
        upload("prices-ireland", Region.EU_WEST_1, StorageClass.STANDARD_IA, 5 * MIB);
        upload("prices-sydney", Region.AP_SOUTHEAST_2, StorageClass.GLACIER, 5 * MIB, 2 * MIB);
    }

    @AfterAll
    void close() {
        clients.values().forEach(S3Client::close);
    }

    private void upload(String bucket, Region region, StorageClass storageClass, long... parts) {
        S3Client s3 = clients.computeIfAbsent(region, r -> S3Client.builder().region(r).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
                .forcePathStyle(true).credentialsProvider(SeededAccount.CREDENTIALS).build());
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> {
            if (region != Region.US_EAST_1) {
                c.locationConstraint(region.id());
            }
        }));
        Uploads.startIncomplete(s3, bucket, "exports/part.bin", storageClass, parts);
    }

    private Map<String, JsonNode> dryRun(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(Map.of("DRY_RUN", "true", "AWS_ENDPOINT_URL_S3", S3_MOCK.getServiceEndpoint(), "S3_FORCE_PATH_STYLE", "true"));
        JsonLines log = RunCapture.scheduledRun(Settings.fromEnv(env), SeededAccount.CREDENTIALS, Clock.systemUTC(), FAST);
        Map<String, JsonNode> records = log.records("bucket").stream().collect(Collectors.toMap(r -> r.get("bucket").asText(), r -> r));
        records.put("(summary)", log.summary());
        log.records("warning").forEach(warning -> records.put("(warning " + warning.get("stage").asText() + ")", warning));
        return records;
    }

    private static JsonNode onlyClass(JsonNode record) {
        assertThat(record.get("storageClasses")).as(record.toString()).hasSize(1);
        return record.get("storageClasses").get(0);
    }

    @Test
    void eachUploadIsPricedByItsRegionAndTheClassItIsBilledAsFromThePriceList() throws Exception {
        try (FakePriceList priceList = new FakePriceList()) {
            Map<String, JsonNode> records = dryRun(Map.of("AWS_ENDPOINT_URL_PRICING", priceList.endpoint().toString()));

            JsonNode virginia = onlyClass(records.get("prices-virginia"));
            assertThat(virginia.get("storageClass").asText()).isEqualTo("STANDARD");
            assertThat(virginia.get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.023");
            assertThat(virginia.get("priceSource").asText()).isEqualTo("api");
            JsonNode ireland = onlyClass(records.get("prices-ireland"));
            assertThat(ireland.get("storageClass").asText()).isEqualTo("STANDARD_IA");
            assertThat(ireland.get("billedAs").asText()).isEqualTo("STANDARD_IA");
            assertThat(ireland.get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.0125");
            JsonNode sydney = onlyClass(records.get("prices-sydney"));
            assertThat(sydney.get("storageClass").asText()).isEqualTo("GLACIER");
            assertThat(sydney.get("billedAs").asText()).as("Glacier parts are billed at S3 Standard rates").isEqualTo("STANDARD");
            assertThat(sydney.get("usdPerGbMonth").decimalValue()).as("Sydney's Standard price").isEqualByComparingTo("0.025");
            assertThat(sydney.get("priceRegion").asText()).isEqualTo("ap-southeast-2");
            // 6 MiB at 0.023, 5 MiB at 0.0125 and 7 MiB at 0.025, per 2^30 bytes, to the hundred-millionth.
            assertThat(records.get("prices-virginia").get("estimatedMonthlyWasteUsd").decimalValue()).isEqualByComparingTo("0.00013477");
            assertThat(records.get("prices-ireland").get("estimatedMonthlyWasteUsd").decimalValue()).isEqualByComparingTo("0.00006104");
            assertThat(records.get("prices-sydney").get("estimatedMonthlyWasteUsd").decimalValue()).isEqualByComparingTo("0.00017090");
            assertThat(records.get("(summary)").get("uploads").get("priceSources")).extracting(JsonNode::asText).containsExactly("api");
            // Each region and class asked once, its pages followed: 2 + 1 + 2.
            assertThat(priceList.requests()).isEqualTo(5);
        }
    }

    @Test
    void aThrottledQuestionIsAskedAgainAndItsAnswerUsed() throws Exception {
        try (FakePriceList priceList = new FakePriceList().throttlingNext(1)) {
            Map<String, JsonNode> records = dryRun(Map.of("AWS_ENDPOINT_URL_PRICING", priceList.endpoint().toString()));

            assertThat(records.get("(summary)").get("uploads").get("priceSources")).extracting(JsonNode::asText).containsExactly("api");
            assertThat(priceList.requests()).as("the five questions' pages, and the throttled one again").isEqualTo(6);
            assertThat(records.get("(summary)").get("apiCallsByOperation").get("GetProducts").asInt()).isEqualTo(6);
        }
    }

    @Test
    void aRefusedPriceListIsAskedOnceAndTheListPricesStandIn() throws Exception {
        try (FakePriceList priceList = new FakePriceList().refusing()) {
            Map<String, JsonNode> records = dryRun(Map.of("AWS_ENDPOINT_URL_PRICING", priceList.endpoint().toString()));

            assertThat(records.values()).filteredOn(record -> record.has("storageClasses"))
                    .allSatisfy(record -> assertThat(record.get("priceSource").asText()).isEqualTo("table"));
            assertThat(onlyClass(records.get("prices-sydney")).get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.025");
            assertThat(priceList.requests()).as("no more questions once refused").isEqualTo(1);
            assertThat(records.get("(summary)").get("uploads").get("priceSources")).extracting(JsonNode::asText).containsExactly("table");
            assertThat(records.get("(warning price-list)").get("message").asText())
                    .startsWith("pricing:GetProducts failed: AccessDeniedException").endsWith("the built-in list prices stand in for the rest of the run");
        }
    }

    @Test
    void anUnreachablePriceListLeavesTheListPrices() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Map<String, JsonNode> records = dryRun(Map.of("AWS_ENDPOINT_URL_PRICING", "http://127.0.0.1:" + closedPort));

        assertThat(records.get("prices-ireland").get("priceSource").asText()).isEqualTo("table");
        assertThat(onlyClass(records.get("prices-ireland")).get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.0125");
    }

    @Test
    void theOperatorsOwnPriceOverridesEverythingAndNothingIsAsked() throws Exception {
        try (FakePriceList priceList = new FakePriceList()) {
            Map<String, JsonNode> records = dryRun(Map.of("AWS_ENDPOINT_URL_PRICING", priceList.endpoint().toString(), "PRICE_PER_GB_MONTH", "0.05"));

            JsonNode sydney = onlyClass(records.get("prices-sydney"));
            assertThat(sydney.get("priceSource").asText()).isEqualTo("setting");
            assertThat(sydney.get("usdPerGbMonth").decimalValue()).isEqualByComparingTo("0.05");
            assertThat(priceList.requests()).isZero();
        }
    }

    @Test
    void anS3CompatibleStoreIsNeverPricedThroughAws() {
        Map<String, JsonNode> records = dryRun(Map.of());

        assertThat(records.get("prices-virginia").get("priceSource").asText()).isEqualTo("table");
    }
}
