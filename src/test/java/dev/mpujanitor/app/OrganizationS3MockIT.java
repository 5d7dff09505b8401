package dev.mpujanitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mpujanitor.aws.AwsClients;
import dev.mpujanitor.trigger.Invocation;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.run.ApiCalls;
import dev.mpujanitor.testing.FakeOrganizations;
import dev.mpujanitor.testing.FakeSts;
import dev.mpujanitor.testing.FaultProxy;
import dev.mpujanitor.testing.JsonLines;
import dev.mpujanitor.testing.Targets;
import dev.mpujanitor.testing.Uploads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One deployment covers an organization, all on loopback: Organizations lists six accounts (one suspended) two a
 * page; STS hands out each member's credentials and refuses one account's role; and S3 shows each account only its
 * own buckets, refusing any call whose ExpectedBucketOwner is not the bucket's owner, as S3 does.
 */
class OrganizationS3MockIT {

    @RegisterExtension
    static final S3MockExtension S3_MOCK = S3MockExtension.builder().silent().withSecureConnection(false).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "111111111111";
    private static final String MEMBER = "222222222222";
    private static final String REFUSING = "333333333333";
    private static final String EXCLUDED = "444444444444";
    private static final String SUSPENDED = "555555555555";
    private static final String LAST = "666666666666";
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:" + HUB + ":function:mpu-janitor-janitor";
    private static final String HUB_ACCESS_KEY = "AKIAHUBTEST000000000";
    private static final StaticCredentialsProvider HUB_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(HUB_ACCESS_KEY, "hub-secret"));
    private static final String EXTERNAL_ID = "janitor-7f3a";

    private final S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(S3_MOCK.getServiceEndpoint()))
            .forcePathStyle(true).credentialsProvider(HUB_CREDENTIALS).build();
    private final Map<String, String> ownerOfBucket = new TreeMap<>();
    private FaultProxy proxy;
    private FakeSts sts;
    private FakeOrganizations organizations;

    /** Each account but the suspended one gets {@code perAccount} buckets named after it and this test. */
    private void organization(String test, int perAccount) throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        // ListAccounts answers in no particular order: the run orders the accounts itself.
        for (String account : List.of(LAST, HUB, SUSPENDED, REFUSING, MEMBER, EXCLUDED)) {
            states.put(account, account.equals(SUSPENDED) ? "SUSPENDED" : "ACTIVE");
            for (int i = 0; i < perAccount; i++) {
                String bucket = "%s-%s-%02d".formatted(test, account.substring(0, 3), i);
                s3.createBucket(b -> b.bucket(bucket));
                ownerOfBucket.put(bucket, account);
            }
        }
        proxy = new FaultProxy(URI.create(S3_MOCK.getServiceEndpoint())).accounts(ownerOfBucket,
                key -> key.equals(HUB_ACCESS_KEY) ? Optional.of(HUB) : FakeSts.accountOf(key));
        sts = new FakeSts(HUB, HUB_ACCESS_KEY, Settings.DEFAULT_MEMBER_ROLE, Optional.of(EXTERNAL_ID)).refusing(REFUSING);
        organizations = new FakeOrganizations(states, 2);
    }

    private Settings settings(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "ACCOUNTS", "organization",
                "EXCLUDE_ACCOUNTS", EXCLUDED,
                "EXTERNAL_ID", EXTERNAL_ID,
                "AWS_ENDPOINT_URL_S3", proxy.endpoint().toString(),
                "S3_FORCE_PATH_STYLE", "true",
                "AWS_ENDPOINT_URL_STS", sts.endpoint().toString(),
                "AWS_ENDPOINT_URL_ORGANIZATIONS", organizations.endpoint().toString(),
                "PRICE_PER_GB_MONTH", "0.023",
                "MAX_CONCURRENCY", "4"));
        env.putAll(more);
        return Settings.fromEnv(env);
    }

    /** One invocation, with what it printed and what it handed on. */
    private record Invoked(JsonLines log, Map<String, Object> response, List<String> handedOn) {
    }

    private Invoked invoke(Settings settings, Map<String, ?> payload, Duration remaining) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ApiCalls apiCalls = new ApiCalls();
        List<String> handedOn = new ArrayList<>();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
                Janitor janitor = new Janitor(settings, new AwsClients(settings, Targets.loopback(HUB_CREDENTIALS), apiCalls), apiCalls, out,
                        Clock.systemUTC(), (arn, next) -> handedOn.add(next))) {
            Map<String, Object> response = janitor.runInvocation(payload, FUNCTION_ARN, remaining);
            return new Invoked(JsonLines.parse(captured.toString(StandardCharsets.UTF_8)), response, handedOn);
        }
    }

    private boolean hasLifecycle(String bucket) {
        try {
            return !s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().isEmpty();
        } catch (S3Exception e) {
            return false;
        }
    }

    private List<String> bucketsOf(String... accounts) {
        Set<String> wanted = Set.of(accounts);
        return ownerOfBucket.entrySet().stream().filter(entry -> wanted.contains(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    @AfterEach
    void stopServers() {
        for (AutoCloseable server : new AutoCloseable[] {proxy, sts, organizations, s3}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void everyActiveAccountIsCoveredTheRefusedOneFailsAloneAndASecondRunWritesNothing() throws Exception {
        organization("org", 3);
        Uploads.startIncomplete(s3, "org-222-01", "exports/part.csv", 6 * Uploads.MIB, 5 * Uploads.MIB);
        Uploads.startIncomplete(s3, "org-666-00", "dumps/x.bin", 5 * Uploads.MIB);
        Settings settings = settings(Map.of());

        Invoked first = invoke(settings, Map.of(), Duration.ofMinutes(15));

        assertThat(bucketsOf(HUB, MEMBER, LAST)).hasSize(9).allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isTrue());
        assertThat(bucketsOf(REFUSING, EXCLUDED, SUSPENDED)).hasSize(9).allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isFalse());
        assertThat(sts.calls()).extracting(FakeSts.AssumeRoleCall::account).containsExactlyInAnyOrder(MEMBER, REFUSING, LAST);
        assertThat(sts.calls()).allSatisfy(call -> {
            assertThat(call.roleArn()).isEqualTo("arn:aws:iam::" + call.account() + ":role/mpu-janitor-member");
            assertThat(call.sessionName()).isEqualTo("mpu-janitor");
            assertThat(call.externalId()).contains(EXTERNAL_ID);
        });
        assertThat(organizations.requests()).as("six accounts, two a page").isEqualTo(3);
        assertThat(proxy.requestsWithoutExpectedOwner()).as("bucket calls without ExpectedBucketOwner").isZero();
        assertThat(proxy.requestsIn(MEMBER, "PutBucketLifecycleConfiguration")).isEqualTo(3);
        assertThat(proxy.requestsIn(HUB, "PutBucketLifecycleConfiguration")).isEqualTo(3);

        Map<String, JsonNode> accounts = first.log().records("account").stream()
                .collect(Collectors.toMap(record -> record.get("account").asText(), record -> record));
        assertThat(accounts).containsOnlyKeys(HUB, MEMBER, REFUSING, LAST);
        assertThat(accounts.get(REFUSING).get("status").asText()).isEqualTo("FAILED");
        assertThat(accounts.get(REFUSING).get("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(accounts.get(REFUSING).get("buckets").asLong()).isZero();
        assertThat(List.of(HUB, MEMBER, LAST)).allSatisfy(account -> {
            assertThat(accounts.get(account).get("status").asText()).as(account).isEqualTo("COVERED");
            assertThat(accounts.get(account).get("outcomes").get("REMEDIATED").asLong()).as(account).isEqualTo(3);
        });
        assertThat(first.log().records("bucket")).hasSize(9).allSatisfy(record ->
                assertThat(ownerOfBucket.get(record.get("bucket").asText())).isEqualTo(record.get("account").asText()));

        JsonNode summary = first.log().summary();
        assertThat(summary.get("accounts")).isEqualTo(JSON.readTree("""
                {"selected": 4, "scanned": 4, "failed": 1, "notReached": 0, "wasteful": 2, "excluded": 1, "suspendedOrClosed": 1}"""));
        assertThat(summary.get("complete").asBoolean()).isTrue();
        JsonNode metrics = first.log().lines().stream().filter(line -> line.has("_aws") && line.has("AccountsScanned")).findFirst().orElseThrow();
        assertThat(metrics.get("AccountsScanned").asLong()).isEqualTo(4);
        assertThat(metrics.get("AccountsFailed").asLong()).isEqualTo(1);
        assertThat(metrics.get("WastefulAccounts").asLong()).isEqualTo(2);

        // The organization's totals are the sums of its accounts' records.
        assertThat(sum(accounts.values(), "buckets")).isEqualTo(summary.get("buckets").decimalValue()).isEqualByComparingTo("9");
        for (String figure : List.of("incompleteUploads", "incompleteUploadBytes", "estimatedMonthlyWasteUsd", "bucketsWithUploads")) {
            assertThat(sum(accounts.values(), "uploads", figure)).as(figure).isEqualByComparingTo(summary.get("uploads").get(figure).decimalValue());
        }
        assertThat(summary.get("uploads").get("incompleteUploads").asLong()).isEqualTo(2);

        proxy.resetCounts();
        Invoked second = invoke(settings, Map.of(), Duration.ofMinutes(15));

        assertThat(proxy.requests("PutBucketLifecycleConfiguration")).as("writes in the second run").isZero();
        assertThat(second.log().summary().get("outcomes").get("COMPLIANT").asLong()).isEqualTo(9);
    }

    @Test
    void theExcludedAndSuspendedAccountsAreNeverAssumedEvenWhenListedByName() throws Exception {
        organization("named", 1);
        Settings settings = settings(Map.of("ACCOUNTS", String.join(",", MEMBER, EXCLUDED, LAST)));

        Invoked run = invoke(settings, Map.of(), Duration.ofMinutes(15));

        assertThat(sts.calls()).extracting(FakeSts.AssumeRoleCall::account).containsExactlyInAnyOrder(MEMBER, LAST);
        assertThat(organizations.requests()).as("named accounts need no listing").isZero();
        assertThat(run.log().records("account")).extracting(record -> record.get("account").asText()).containsExactly(MEMBER, LAST);
        assertThat(run.log().summary().get("accounts").get("excluded").asLong()).isEqualTo(1);
        assertThat(bucketsOf(MEMBER, LAST)).allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isTrue());
        assertThat(bucketsOf(HUB, EXCLUDED)).allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isFalse());
    }

    /** Like IAM with member-role.yaml's ExternalId, STS refuses a hub that sends another external ID: no member is entered. */
    @Test
    void aHubWithAnotherExternalIdEntersNoMemberAndStillCoversItsOwnAccount() throws Exception {
        organization("extid", 1);
        Settings settings = settings(Map.of("ACCOUNTS", String.join(",", HUB, MEMBER), "EXTERNAL_ID", "another-id"));

        Invoked run = invoke(settings, Map.of(), Duration.ofMinutes(15));

        Map<String, JsonNode> accounts = run.log().records("account").stream()
                .collect(Collectors.toMap(record -> record.get("account").asText(), record -> record));
        assertThat(sts.calls()).singleElement().satisfies(call -> assertThat(call.externalId()).contains("another-id"));
        assertThat(accounts.get(MEMBER).get("status").asText()).isEqualTo("FAILED");
        assertThat(accounts.get(MEMBER).get("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(accounts.get(HUB).get("status").asText()).isEqualTo("COVERED");
        assertThat(bucketsOf(MEMBER)).isNotEmpty().allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isFalse());
        assertThat(bucketsOf(HUB)).isNotEmpty().allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isTrue());
    }

    @Test
    void aChainOfShortRunsResumesMidOrganizationAndCoversEveryBucketOnce() throws Exception {
        organization("chain", 8);
        proxy.latency(Duration.ofMillis(60));
        Settings settings = settings(Map.of("MAX_CONCURRENCY", "2", "INVENTORY_UPLOADS", "false"));

        Map<String, Integer> processed = new HashMap<>();
        List<String> resumedIn = new ArrayList<>();
        Map<String, ?> payload = Map.of();
        int runs = 0;
        while (payload != null) {
            runs++;
            assertThat(runs).as("the chain ends").isLessThanOrEqualTo(Invocation.MAX_CHAIN + 1);
            int assumedBefore = sts.calls().size();
            Invoked run = invoke(settings, payload, Duration.ofMillis(1500));
            run.log().records("bucket").forEach(record -> processed.merge(record.get("bucket").asText(), 1, Integer::sum));
            Optional<String> resumeAccount = Optional.ofNullable((String) payload.get("account"));
            // A continuation enters no account before the one it was handed.
            resumeAccount.ifPresent(account -> assertThat(sts.calls().subList(assumedBefore, sts.calls().size()))
                    .allSatisfy(call -> assertThat(call.account()).isGreaterThanOrEqualTo(account)));
            if (run.handedOn().isEmpty()) {
                assertThat(run.response().get("complete")).isEqualTo(true);
                payload = null;
            } else {
                Map<String, Object> next = JSON.readValue(run.handedOn().getFirst(), new TypeReference<>() { });
                assertThat(next).containsKeys("resumeFrom", "account", "chain");
                resumedIn.add((String) next.get("account"));
                payload = next;
            }
        }

        assertThat(runs).as("the budget really cut the run short").isGreaterThan(2);
        assertThat(resumedIn).as("a continuation resumed past the first account").anySatisfy(account -> assertThat(account).isGreaterThan(HUB));
        assertThat(processed).containsOnlyKeys(bucketsOf(HUB, MEMBER, LAST))
                .allSatisfy((bucket, times) -> assertThat(times).as(bucket).isEqualTo(1));
        assertThat(bucketsOf(HUB, MEMBER, LAST)).allSatisfy(bucket -> assertThat(hasLifecycle(bucket)).as(bucket).isTrue());
    }

    private static BigDecimal sum(Iterable<JsonNode> records, String... path) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode record : records) {
            JsonNode value = record;
            for (String step : path) {
                value = value.path(step);
            }
            total = total.add(value.isMissingNode() ? BigDecimal.ZERO : value.decimalValue());
        }
        return total;
    }
}
