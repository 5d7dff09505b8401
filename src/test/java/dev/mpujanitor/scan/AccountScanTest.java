package dev.mpujanitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class AccountScanTest {

    private final InMemoryBucketStore store = new InMemoryBucketStore();
    private final List<BucketResult> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<ScanSummary> finished = new ArrayList<>();
    private final ScanReport report = new ScanReport() {
        @Override
        public void bucket(BucketResult result) {
            reported.add(result);
        }

        @Override
        public void finished(ScanSummary summary) {
            finished.add(summary);
        }
    };

    private dev.mpujanitor.policy.BucketExclusions exclusions = dev.mpujanitor.policy.BucketExclusions.none();

    private ScanSummary scan(boolean dryRun, int concurrency) {
        return new AccountScan(store, new AbortRulePolicy(7), exclusions, Optional.empty(), concurrency, new ApiCalls(), Clock.systemUTC()).run(ScanStart.whole(dryRun, RunBudget.unlimited()), report);
    }

    private Map<String, BucketResult> byBucket() {
        return reported.stream().collect(Collectors.toMap(BucketResult::bucket, Function.identity()));
    }

    @Test
    void aBucketWhoseReadFailsIsNeverWrittenAndOthersCarryOn() {
        store.bucket("denied", "eu-west-1", BucketLifecycle.none())
                .bucket("open", "eu-west-1", BucketLifecycle.none())
                .failing("denied", "GetBucketLifecycleConfiguration", "AccessDenied");

        ScanSummary summary = scan(false, 4);

        assertThat(byBucket().get("denied").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("denied").reason()).isEqualTo("AccessDenied");
        assertThat(byBucket().get("open").outcome()).isEqualTo(Outcome.REMEDIATED);
        assertThat(store.writes).containsExactly("open");
        assertThat(store.calls).noneMatch(call -> call.startsWith("denied/Put") || call.startsWith("denied/GetBucketVersioning"));
        assertThat(summary.count(Outcome.FAILED)).isEqualTo(1);
        assertThat(summary.count(Outcome.REMEDIATED)).isEqualTo(1);
    }

    @Test
    void aFailedWriteIsReportedWithItsErrorCode() {
        store.bucket("racy", "us-east-1", BucketLifecycle.none()).failing("racy", "PutBucketLifecycleConfiguration", "OperationAborted");

        scan(false, 1);

        assertThat(byBucket().get("racy").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("racy").reason()).isEqualTo("OperationAborted");
        assertThat(byBucket().get("racy").rulesBefore()).isZero();
    }

    @Test
    void aDefectInOneBucketCostsThatBucketOnly() {
        store.bucket("broken", "us-east-1", null).bucket("fine", "us-east-1", BucketLifecycle.none());

        scan(false, 2);

        assertThat(byBucket().get("broken").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("broken").reason()).isEqualTo("NullPointerException");
        assertThat(byBucket().get("fine").outcome()).isEqualTo(Outcome.REMEDIATED);
    }

    @Test
    void aDryRunDecidesEverythingAndWritesNothing() {
        store.bucket("bare", "us-east-1", BucketLifecycle.none());

        ScanSummary summary = scan(true, 1);

        assertThat(byBucket().get("bare").outcome()).isEqualTo(Outcome.WOULD_REMEDIATE);
        assertThat(byBucket().get("bare").rulesAfter()).isEqualTo(1);
        assertThat(store.writes).isEmpty();
        assertThat(summary.dryRun()).isTrue();
    }

    @Test
    void versioningIsReadOnlyForBucketsThatNeedTheRuleAndMfaDeleteStopsTheWrite() {
        LifecycleRule covering = new AbortRulePolicy(1).ourRule(false);
        store.bucket("covered", "us-east-1", new BucketLifecycle(List.of(covering), Optional.empty()))
                .bucket("mfa", "us-east-1", BucketLifecycle.none());
        store.mfaDelete.put("mfa", true);

        scan(false, 1);

        assertThat(store.calls).doesNotContain("covered/GetBucketVersioning").contains("mfa/GetBucketVersioning");
        assertThat(byBucket().get("covered").outcome()).isEqualTo(Outcome.COMPLIANT);
        assertThat(byBucket().get("covered").reason()).isEqualTo("covered-by:" + AbortRulePolicy.RULE_ID);
        assertThat(byBucket().get("mfa").outcome()).isEqualTo(Outcome.UNFIXABLE);
        assertThat(byBucket().get("mfa").reason()).isEqualTo("mfa-delete");
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aBucketListedWithoutRegionIsLocatedAndOneWithRegionIsNot() {
        store.bucket("old", null, BucketLifecycle.none()).bucket("new", "eu-west-1", BucketLifecycle.none());

        scan(false, 1);

        assertThat(store.calls).contains("old/GetBucketLocation").doesNotContain("new/GetBucketLocation");
        assertThat(byBucket().get("old").region()).isEqualTo("us-east-1");
    }

    @Test
    void aFailedLocationLookupFailsOnlyThatBucket() {
        store.bucket("lost", null, BucketLifecycle.none()).failing("lost", "GetBucketLocation", "NoSuchBucket");

        scan(false, 1);

        assertThat(byBucket().get("lost").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("lost").region()).isEqualTo("unknown");
        assertThat(store.calls).containsExactly("lost/GetBucketLocation");
    }

    @Test
    void everyBucketIsReportedExactlyOnceUnderConcurrency() {
        for (int i = 0; i < 500; i++) {
            store.bucket("bucket-" + i, "us-east-1", i % 2 == 0 ? BucketLifecycle.none()
                    : new BucketLifecycle(List.of(LifecycleRule.builder().id("x").status(ExpirationStatus.ENABLED)
                            .filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2)).build()), Optional.empty()));
        }

        ScanSummary summary = scan(false, 16);

        assertThat(reported).hasSize(500);
        assertThat(byBucket()).hasSize(500);
        assertThat(summary.count(Outcome.REMEDIATED)).isEqualTo(250);
        assertThat(summary.count(Outcome.COMPLIANT)).isEqualTo(250);
        assertThat(finished).containsExactly(summary);
    }

    @Test
    void aBucketExcludedByNameCostsNoCallAtAll() {
        exclusions = new dev.mpujanitor.policy.BucketExclusions(List.of("logs-*"), false);
        store.bucket("logs-2024", null, BucketLifecycle.none()).bucket("data", "us-east-1", BucketLifecycle.none());

        scan(false, 1);

        assertThat(byBucket().get("logs-2024").outcome()).isEqualTo(Outcome.EXCLUDED);
        assertThat(byBucket().get("logs-2024").reason()).isEqualTo("name-pattern:logs-*");
        assertThat(store.calls).noneMatch(call -> call.startsWith("logs-2024/"));
        assertThat(byBucket().get("data").outcome()).isEqualTo(Outcome.REMEDIATED);
    }

    @Test
    void tagsAreReadOnlyForBucketsThatWouldBeWrittenAndTheOptOutTagKeepsThemUnwritten() {
        LifecycleRule covering = new AbortRulePolicy(1).ourRule(false);
        store.bucket("covered", "us-east-1", new BucketLifecycle(List.of(covering), Optional.empty()))
                .bucket("opted-out", "us-east-1", BucketLifecycle.none());
        store.tags.put("opted-out", Map.of("mpu-janitor:exclude", "true"));

        ScanSummary summary = scan(false, 1);

        assertThat(store.calls).doesNotContain("covered/GetBucketTagging").contains("opted-out/GetBucketTagging");
        assertThat(byBucket().get("opted-out").outcome()).isEqualTo(Outcome.EXCLUDED);
        assertThat(byBucket().get("opted-out").reason()).isEqualTo("opt-out-tag:mpu-janitor:exclude");
        assertThat(store.writes).isEmpty();
        assertThat(store.calls).doesNotContain("opted-out/GetBucketVersioning");
        assertThat(summary.count(Outcome.EXCLUDED)).isEqualTo(1);
    }

    @Test
    void aBucketOfACloudFormationStackIsReportedWithTheStackNotWritten() {
        store.bucket("stack-bucket", "us-east-1", BucketLifecycle.none());
        store.tags.put("stack-bucket", Map.of("aws:cloudformation:stack-name", "data-platform"));

        scan(false, 1);

        assertThat(byBucket().get("stack-bucket").outcome()).isEqualTo(Outcome.MANAGED_BY_IAC);
        assertThat(byBucket().get("stack-bucket").reason()).isEqualTo("cloudformation-stack:data-platform");
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aCloudFormationBucketIsWrittenWhenTheOperatorChoseTo() {
        exclusions = new dev.mpujanitor.policy.BucketExclusions(List.of(), true);
        store.bucket("stack-bucket", "us-east-1", BucketLifecycle.none());
        store.tags.put("stack-bucket", Map.of("aws:cloudformation:stack-name", "data-platform"));

        scan(false, 1);

        assertThat(byBucket().get("stack-bucket").outcome()).isEqualTo(Outcome.REMEDIATED);
        assertThat(store.writes).containsExactly("stack-bucket");
    }

    @Test
    void aRefusedTagReadFailsTheBucketAndNothingIsWritten() {
        store.bucket("locked", "us-east-1", BucketLifecycle.none()).failing("locked", "GetBucketTagging", "AccessDenied");

        scan(false, 1);

        assertThat(byBucket().get("locked").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("locked").reason()).isEqualTo("AccessDenied");
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aRunLimitedToNamedBucketsTouchesNoOtherAndNamesTheOnesNotFound() {
        store.bucket("a", "us-east-1", BucketLifecycle.none()).bucket("b", "us-east-1", BucketLifecycle.none())
                .bucket("c", "us-east-1", BucketLifecycle.none());

        ScanSummary summary = new AccountScan(store, new AbortRulePolicy(7), exclusions, Optional.empty(), 2, new ApiCalls(), Clock.systemUTC())
                .run(new ScanStart(true, RunBudget.unlimited(), Optional.empty(), Optional.of(java.util.Set.of("a", "c", "zz"))), report);

        assertThat(byBucket()).containsOnlyKeys("a", "c");
        assertThat(summary.reach().notFound()).containsExactly("zz");
        assertThat(store.calls).noneMatch(call -> call.startsWith("b/"));
    }
}
