package dev.mpujanitor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.ListingScope;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.testing.InMemoryS3Account;
import dev.mpujanitor.testing.RecordingReport;
import dev.mpujanitor.testing.Scans;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class AccountScanTest {

    private final RecordingReport report = new RecordingReport();
    private final List<BucketResult> reported = report.buckets();
    private final List<ScanSummary> finished = report.summaries();

    private static Settings settings(int concurrency) {
        return Settings.fromEnv(Map.of("MAX_CONCURRENCY", String.valueOf(concurrency), "INVENTORY_UPLOADS", "false"));
    }

    private ScanSummary scan(InMemoryS3Account account, ScanStart start, int concurrency, ScanReport to) {
        return Scans.of(account, settings(concurrency), Clock.systemUTC()).run(start, to);
    }

    /** The recording report, except that reporting {@code bucket} throws what {@code failure} makes. */
    private ScanReport failingOn(String bucket, Supplier<? extends Throwable> failure) {
        return new ScanReport() {
            @Override
            public void bucket(BucketResult result) {
                if (result.bucket().equals(bucket)) {
                    Throwable thrown = failure.get();
                    if (thrown instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) thrown;
                }
                report.bucket(result);
            }

            @Override
            public void finished(ScanSummary summary) {
                report.finished(summary);
            }
        };
    }

    private Map<String, BucketResult> byBucket() {
        return reported.stream().collect(Collectors.toMap(BucketResult::bucket, Function.identity()));
    }

    @Test
    void everyBucketIsReportedExactlyOnceUnderConcurrency() {
        InMemoryS3Account account = new InMemoryS3Account();
        for (int i = 0; i < 500; i++) {
            account.bucket("bucket-" + i, "us-east-1", i % 2 == 0 ? BucketLifecycle.none()
                    : new BucketLifecycle(List.of(LifecycleRule.builder().id("x").status(ExpirationStatus.ENABLED)
                            .filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(2)).build()), Optional.empty()));
        }

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 16, report);

        assertThat(reported).hasSize(500);
        assertThat(byBucket()).hasSize(500);
        assertThat(summary.count(Outcome.REMEDIATED)).isEqualTo(250);
        assertThat(summary.count(Outcome.COMPLIANT)).isEqualTo(250);
        assertThat(summary.reach().complete()).isTrue();
        assertThat(finished).containsExactly(summary);
    }

    @Test
    void oneBucketsFailureIsCountedByItsCodeAndTheOthersCarryOn() {
        InMemoryS3Account account = new InMemoryS3Account().bucket("denied", "eu-west-1", BucketLifecycle.none())
                .bucket("open", "eu-west-1", BucketLifecycle.none()).failing("denied", "GetBucketLifecycleConfiguration", "AccessDenied");

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 4, report);

        assertThat(summary.count(Outcome.FAILED)).isEqualTo(1);
        assertThat(summary.failures()).containsExactly(Map.entry("AccessDenied", 1L));
        assertThat(byBucket().get("open").outcome()).isEqualTo(Outcome.REMEDIATED);
        assertThat(account.writes).containsExactly("open");
    }

    @Test
    void aRunLimitedToNamedBucketsTouchesNoOtherAndNamesTheOnesNotFound() {
        InMemoryS3Account account = new InMemoryS3Account().bucket("a", "us-east-1", BucketLifecycle.none())
                .bucket("b", "us-east-1", BucketLifecycle.none()).bucket("c", "us-east-1", BucketLifecycle.none());

        ScanSummary summary = scan(account, ScanStart.onlyBuckets(true, RunBudget.unlimited(), Set.of("a", "c", "zz")), 2, report);

        assertThat(byBucket()).containsOnlyKeys("a", "c");
        assertThat(summary.reach().notFound()).containsExactly("zz");
        assertThat(account.callsFor("b")).isEmpty();
    }

    /** A listing whose page after {@code failAfter} buckets fails, as ListBuckets answering 500 after its retries. */
    private static InMemoryS3Account listingFailingAfter(int failAfter, int buckets) {
        InMemoryS3Account account = new InMemoryS3Account() {
            @Override
            public void forEachBucket(Predicate<BucketRef> action) {
                int[] listed = {0};
                super.forEachBucket(bucket -> {
                    if (listed[0]++ == failAfter) {
                        throw new ListingException("InternalError", "We encountered an internal error. Please try again.", null);
                    }
                    return action.test(bucket);
                });
            }
        };
        for (int i = 0; i < buckets; i++) {
            account.bucket("bucket-%02d".formatted(i), "us-east-1", BucketLifecycle.none());
        }
        return account;
    }

    @Test
    void aListingThatFailsPartWayKeepsWhatWasDoneAndSaysTheRunIsIncomplete() {
        InMemoryS3Account account = listingFailingAfter(5, 12);

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 2, report);

        assertThat(summary.buckets()).isEqualTo(5);
        assertThat(reported).hasSize(5);
        assertThat(account.writes).hasSize(5);
        assertThat(summary.reach().complete()).isFalse();
        assertThat(summary.reach().listingFailure()).hasValueSatisfying(failure -> assertThat(failure.errorCode()).isEqualTo("InternalError"));
        assertThat(summary.reach().resumeFrom()).as("no continuation retries a failed listing").isEmpty();
        assertThat(finished).containsExactly(summary);
    }

    @Test
    void aNamedBucketIsNotCalledMissingWhenTheListingStoppedBeforeItCouldBeSeen() {
        InMemoryS3Account account = listingFailingAfter(2, 12);

        ScanSummary summary = scan(account, ScanStart.onlyBuckets(false, RunBudget.unlimited(), Set.of("bucket-00", "bucket-09")),
                2, report);

        assertThat(summary.reach().notFound()).isEmpty();
        assertThat(summary.reach().listingFailure()).isPresent();
    }

    @Test
    void aListingThatFailsOnItsFirstPageMeansTheScanCannotStart() {
        InMemoryS3Account account = listingFailingAfter(0, 3);

        assertThatThrownBy(() -> scan(account, ScanStart.whole(false, RunBudget.unlimited()), 2, report))
                .isInstanceOfSatisfying(ListingException.class, e -> assertThat(e.errorCode()).isEqualTo("InternalError"));
        assertThat(account.calls).isEmpty();
    }

    @Test
    void aWorkerThatRunsOutOfMemoryEndsItsBucketFailedAndTheRunGoesOn() {
        InMemoryS3Account account = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                if (bucket.name().equals("huge")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return super.readLifecycle(bucket);
            }
        }.bucket("huge", "eu-west-1", BucketLifecycle.none()).bucket("small", "eu-west-1", BucketLifecycle.none());

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 2, report);

        assertThat(byBucket().get("huge").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(byBucket().get("huge").reason()).isEqualTo("OutOfMemoryError");
        assertThat(byBucket().get("small").outcome()).isEqualTo(Outcome.REMEDIATED);
        assertThat(summary.buckets()).isEqualTo(2);
        assertThat(summary.complete()).isTrue();
        assertThat(report.unexpected()).containsExactly("huge worker OutOfMemoryError");
    }

    @Test
    void aResultThatCannotBeReportedEvenAsAFailureMakesTheRunIncomplete() {
        InMemoryS3Account account = new InMemoryS3Account().bucket("huge", "eu-west-1", BucketLifecycle.none())
                .bucket("small", "eu-west-1", BucketLifecycle.none());
        ScanReport outOfMemoryOnHuge = failingOn("huge", () -> new OutOfMemoryError("Java heap space"));

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 2, outOfMemoryOnHuge);

        assertThat(reported).extracting(BucketResult::bucket).containsExactly("small");
        assertThat(summary.reportFailures()).isEqualTo(1);
        assertThat(summary.complete()).isFalse();
    }

    @Test
    void aReportThatFailsIsCountedAndTheRunGoesOn() {
        InMemoryS3Account account = new InMemoryS3Account();
        for (int i = 0; i < 10; i++) {
            account.bucket("bucket-" + i, "us-east-1", BucketLifecycle.none());
        }
        ScanReport failingOnBucket3 = failingOn("bucket-3", () -> new IllegalStateException("the log is closed"));

        ScanSummary summary = scan(account, ScanStart.whole(false, RunBudget.unlimited()), 4, failingOnBucket3);

        assertThat(summary.reportFailures()).isEqualTo(1);
        assertThat(summary.buckets()).isEqualTo(10);
        assertThat(reported).hasSize(9);
    }

    @Test
    void aRunOverNamedBucketsListsOnlyWhatTheirNamesStartWith() {
        List<String> prefixes = Collections.synchronizedList(new ArrayList<>());
        InMemoryS3Account account = new InMemoryS3Account() {
            @Override
            public Listing listing(ListingScope scope) {
                prefixes.add(scope.namePrefix());
                return super.listing(scope);
            }
        };
        for (String bucket : List.of("logs-2025", "logs-2026", "reports")) {
            account.bucket(bucket, "us-east-1", BucketLifecycle.none());
        }

        scan(account, ScanStart.onlyBuckets(true, RunBudget.unlimited(), Set.of("logs-2025", "logs-2026")), 2, report);
        scan(account, ScanStart.onlyBuckets(true, RunBudget.unlimited(), Set.of("reports")), 2, report);
        scan(account, ScanStart.whole(true, RunBudget.unlimited()), 2, report);

        assertThat(prefixes).containsExactly("logs-202", "reports", "");
        assertThat(reported).extracting(BucketResult::bucket).filteredOn("reports"::equals).hasSize(2);
    }
}
