package dev.mpujanitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.policy.BucketLifecycle;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadSurveyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final BucketRef BUCKET = BucketRef.of("exports", "eu-west-1");
    private static final StoragePrice STANDARD = new StoragePrice(new BigDecimal("0.023"));
    private static final long MIB = 1L << 20;

    private final InMemoryBucketStore store = new InMemoryBucketStore().bucket("exports", "eu-west-1", BucketLifecycle.none());
    private final List<StaleUpload> stale = Collections.synchronizedList(new ArrayList<>());

    private UploadInventory survey(int maxListPartsCalls, Optional<Duration> abortOlderThan, boolean dryRun) {
        return new UploadSurvey(store, new UploadPolicy(maxListPartsCalls, STANDARD, abortOlderThan), dryRun, CLOCK, stale::add, () -> false).survey(BUCKET);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void countsEveryUploadAndAddsUpItsPartsExactly() {
        store.upload("exports", "u1", daysAgo(3), 5 * MIB, 5 * MIB, 1 * MIB).upload("exports", "u2", daysAgo(40), 8 * MIB);

        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.uploads()).isEqualTo(2);
        assertThat(inventory.bytes()).isEqualTo(19 * MIB);
        assertThat(inventory.bytesExact()).isTrue();
        assertThat(inventory.lowerBoundBecause()).isEmpty();
        assertThat(inventory.oldestAge()).contains(Duration.ofDays(40));
        assertThat(inventory.error()).isEmpty();
        assertThat(stale).isEmpty();
        assertThat(store.calls).noneMatch(call -> call.contains("AbortMultipartUpload"));
    }

    @Test
    void aBucketWithoutUploadsHasNoOldestAgeAndCostsNothing() {
        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.uploads()).isZero();
        assertThat(inventory.oldestAge()).isEmpty();
        assertThat(inventory.monthlyCostUsd()).isEqualByComparingTo("0");
    }

    @Test
    void theMonthlyCostIsTheBytesInGibTimesThePrice() {
        store.upload("exports", "u1", daysAgo(3), 10L << 30);

        assertThat(survey(100, Optional.empty(), false).monthlyCostUsd()).isEqualByComparingTo("0.23");
    }

    @Test
    void whenTheListPartsBudgetRunsOutTheBytesAreALowerBound() {
        Long[] parts = new Long[2_500];
        java.util.Arrays.fill(parts, MIB);
        store.upload("exports", "big", daysAgo(3), parts).upload("exports", "later", daysAgo(3), MIB);

        UploadInventory inventory = survey(2, Optional.empty(), false);

        assertThat(inventory.uploads()).isEqualTo(2);
        assertThat(inventory.bytes()).isEqualTo(2_000 * MIB);
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(inventory.unmeasured()).isEqualTo(1);
        assertThat(inventory.lowerBoundBecause()).containsExactly("list-parts-cap");
        assertThat(store.calls).doesNotContain("exports/ListParts/later");
    }

    @Test
    void aZeroBudgetCountsUploadsWithoutListingParts() {
        store.upload("exports", "u1", daysAgo(3), MIB);

        UploadInventory inventory = survey(0, Optional.empty(), false);

        assertThat(inventory.uploads()).isEqualTo(1);
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(store.calls).noneMatch(call -> call.contains("ListParts"));
    }

    @Test
    void anUploadWhosePartsAreDeniedIsCountedWithoutBytesAndIsNotAFailure() {
        store.upload("exports", "kms", daysAgo(3), 7 * MIB).upload("exports", "plain", daysAgo(3), 2 * MIB)
                .failing("exports", "ListParts/kms", "AccessDenied");

        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.uploads()).isEqualTo(2);
        assertThat(inventory.bytes()).isEqualTo(2 * MIB);
        assertThat(inventory.unmeasured()).isEqualTo(1);
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(inventory.lowerBoundBecause()).containsExactly("list-parts-denied");
        assertThat(inventory.error()).isEmpty();
    }

    @Test
    void anUploadCompletedSinceItWasListedIsNotCounted() {
        store.upload("exports", "done", daysAgo(3), MIB).failing("exports", "ListParts/done", "NoSuchUpload");

        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.uploads()).isZero();
        assertThat(inventory.error()).isEmpty();
    }

    @Test
    void aRefusedListingIsAnInventoryErrorNotAnException() {
        store.failing("exports", "ListMultipartUploads", "AccessDenied");

        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.error()).contains("AccessDenied");
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(inventory.lowerBoundBecause()).containsExactly("inventory-error");
    }

    @Test
    void abortsOnlyUploadsOlderThanTheThresholdAndCountsTheBytesFreed() {
        store.upload("exports", "old", daysAgo(8), 5 * MIB, MIB)
                .upload("exports", "exactly-seven-days", daysAgo(7), 3 * MIB)
                .upload("exports", "young", daysAgo(1), 4 * MIB);

        UploadInventory inventory = survey(100, Optional.of(Duration.ofDays(7)), false);

        assertThat(inventory.stale()).isEqualTo(1);
        assertThat(inventory.aborted()).isEqualTo(1);
        assertThat(inventory.bytesFreed()).isEqualTo(6 * MIB);
        assertThat(inventory.bytes()).as("bytes held when the run saw them").isEqualTo(13 * MIB);
        assertThat(store.calls).contains("exports/AbortMultipartUpload/old")
                .doesNotContain("exports/AbortMultipartUpload/young", "exports/AbortMultipartUpload/exactly-seven-days");
        assertThat(store.uploads.get("exports")).extracting(upload -> upload.upload().uploadId()).containsExactly("exactly-seven-days", "young");
        assertThat(stale).singleElement().satisfies(upload -> {
            assertThat(upload.aborted()).isTrue();
            assertThat(upload.upload().uploadId()).isEqualTo("old");
            assertThat(upload.bytes()).isEqualTo(6 * MIB);
        });
    }

    @Test
    void aDryRunListsWhatItWouldAbortAndAbortsNothing() {
        store.upload("exports", "old", daysAgo(30), 5 * MIB).upload("exports", "young", daysAgo(2), MIB);

        UploadInventory inventory = survey(100, Optional.of(Duration.ofDays(7)), true);

        assertThat(inventory.stale()).isEqualTo(1);
        assertThat(inventory.aborted()).isZero();
        assertThat(inventory.bytesFreed()).isZero();
        assertThat(store.calls).noneMatch(call -> call.contains("AbortMultipartUpload"));
        assertThat(stale).singleElement().satisfies(upload -> {
            assertThat(upload.aborted()).isFalse();
            assertThat(upload.upload().uploadId()).isEqualTo("old");
        });
    }

    @Test
    void withoutTheSettingNothingIsAbortedHoweverOld() {
        store.upload("exports", "ancient", daysAgo(3_000), MIB);

        UploadInventory inventory = survey(100, Optional.empty(), false);

        assertThat(inventory.stale()).isZero();
        assertThat(store.calls).noneMatch(call -> call.contains("AbortMultipartUpload"));
    }

    @Test
    void aFailedInventoryLeavesTheBucketsOutcomeAlone() {
        store.failing("exports", "ListMultipartUploads", "AccessDenied");
        List<BucketResult> results = Collections.synchronizedList(new ArrayList<>());

        new AccountScan(store, new dev.mpujanitor.policy.AbortRulePolicy(7), dev.mpujanitor.policy.BucketExclusions.none(),
                Optional.of(new UploadPolicy(100, STANDARD, Optional.empty())), 1, new ApiCalls(), CLOCK)
                .run(ScanStart.whole(false, RunBudget.unlimited()), new ScanReport() {
                    @Override
                    public void bucket(BucketResult result) {
                        results.add(result);
                    }

                    @Override
                    public void finished(ScanSummary summary) {
                        assertThat(summary.uploads().inventoryFailures()).isEqualTo(1);
                    }
                });

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.uploads()).get().extracting(UploadInventory::error).isEqualTo(Optional.of("AccessDenied"));
        });
    }
}
