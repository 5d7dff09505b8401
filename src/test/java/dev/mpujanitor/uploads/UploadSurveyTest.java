package dev.mpujanitor.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketCallException;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.IncompleteUpload;
import dev.mpujanitor.testing.InMemoryS3Account;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import dev.mpujanitor.ports.StoragePrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

class UploadSurveyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final BucketRef BUCKET = BucketRef.of("exports", "eu-west-1");
    private static final long MIB = 1L << 20;

    private final InMemoryS3Account store = new InMemoryS3Account().bucket("exports", "eu-west-1", BucketLifecycle.none());

    /** The uploads the survey handed over, in the order it did. */
    private final List<MeasuredUpload> stale = new ArrayList<>();
    /** The failures the survey logged with their detail, as {@code stage type}. */
    private final List<String> unexpected = new ArrayList<>();

    private UploadInventory found(boolean inventory, int maxListPartsCalls, boolean abortStale) {
        return found(inventory, maxListPartsCalls, abortStale, new FixedPrice(new BigDecimal("0.023")));
    }

    private UploadInventory found(boolean inventory, int maxListPartsCalls, boolean abortStale, StoragePrices prices) {
        return surveyOf(new UploadSettings(inventory, maxListPartsCalls, Optional.empty(), abortStale), prices)
                .survey(BUCKET, stale::add);
    }

    private UploadSurvey surveyOf(UploadSettings settings, StoragePrices prices) {
        return new UploadSurvey(store, settings, prices, CLOCK, (bucket, stage, failure) -> unexpected.add(stage + " " + failure.getClass().getSimpleName()));
    }

    private UploadInventory survey(int maxListPartsCalls) {
        return found(true, maxListPartsCalls, false);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void countsEveryUploadAndAddsUpItsPartsExactly() {
        store.upload("exports", "u1", daysAgo(3), 5 * MIB, 5 * MIB, 1 * MIB).upload("exports", "u2", daysAgo(40), 8 * MIB);

        UploadInventory inventory = survey(100);

        assertThat(inventory.uploads()).isEqualTo(2);
        assertThat(inventory.bytes()).isEqualTo(19 * MIB);
        assertThat(inventory.bytesExact()).isTrue();
        assertThat(inventory.lowerBoundBecause()).isEmpty();
        assertThat(inventory.oldestAge()).contains(Duration.ofDays(40));
        assertThat(inventory.error()).isEmpty();
        assertThat(inventory.bytesMeasured()).isTrue();
    }

    @Test
    void aBucketWithoutUploadsHasNoOldestAgeAndCostsNothing() {
        UploadInventory inventory = survey(100);

        assertThat(inventory.uploads()).isZero();
        assertThat(inventory.oldestAge()).isEmpty();
        assertThat(inventory.monthlyCostUsd()).isEqualByComparingTo("0");
    }

    @Test
    void theMonthlyCostIsTheBytesInGibTimesThePrice() {
        store.upload("exports", "u1", daysAgo(3), 10L << 30);

        assertThat(survey(100).monthlyCostUsd()).isEqualByComparingTo("0.23");
    }

    @Test
    void eachUploadIsPricedByItsBucketsRegionAndTheClassItsPartsAreBilledAs() {
        store.upload("exports", "plain", "STANDARD", daysAgo(3), 1L << 30)
                .upload("exports", "cold", "STANDARD_IA", daysAgo(3), 2L << 30)
                .upload("exports", "archive", "GLACIER", daysAgo(3), 4L << 30)
                .upload("exports", "deep", "DEEP_ARCHIVE", daysAgo(3), 1L << 30);
        StoragePrices euWest1 = (region, billedAs) -> new Price(switch (billedAs) {
            case "STANDARD" -> new BigDecimal("0.023");
            case "STANDARD_IA" -> new BigDecimal("0.0125");
            default -> throw new AssertionError("priced as " + billedAs);
        }, PriceSource.API, region);

        UploadInventory inventory = found(true, 100, false, euWest1);

        assertThat(inventory.byStorageClass()).extracting(StoredBytes::storageClass, StoredBytes::billedAs, StoredBytes::bytes)
                .containsExactly(tuple("DEEP_ARCHIVE", "STANDARD", 1L << 30), tuple("GLACIER", "STANDARD", 4L << 30),
                        tuple("STANDARD", "STANDARD", 1L << 30), tuple("STANDARD_IA", "STANDARD_IA", 2L << 30));
        assertThat(inventory.byStorageClass()).allSatisfy(stored -> assertThat(stored.price().region()).isEqualTo("eu-west-1"));
        // 6 GiB at 0.023 (Standard, and the Glacier classes billed as Standard) + 2 GiB at 0.0125.
        assertThat(inventory.monthlyCostUsd()).isEqualByComparingTo("0.163");
    }

    @Test
    void anUploadInADirectoryBucketIsPricedAsExpressOneZoneAtUsEast1sListPriceWhereItsRegionHasNone() {
        String directoryBucket = "scratch--eun1-az1--x-s3";
        store.bucket(directoryBucket, "eu-north-1", BucketLifecycle.none()).upload(directoryBucket, "express", "EXPRESS_ONEZONE", daysAgo(3), 10L << 30);

        UploadInventory inventory = surveyOf(new UploadSettings(true, 100, Optional.empty(), false), ListPrices.builtIn())
                .survey(BucketRef.of(directoryBucket, "eu-north-1"), stale::add);

        StoredBytes express = inventory.byStorageClass().getFirst();
        assertThat(express.billedAs()).isEqualTo("EXPRESS_ONEZONE");
        assertThat(express.price().region()).isEqualTo("us-east-1");
        // 10 GiB at S3 Express One Zone's 0.11 in us-east-1, not at eu-north-1's Standard 0.023.
        assertThat(inventory.monthlyCostUsd()).isEqualByComparingTo("1.1");
    }

    @Test
    void theUploadsAreCountedByAge() {
        store.upload("exports", "today", daysAgo(0), MIB).upload("exports", "last-week", daysAgo(3), 2 * MIB)
                .upload("exports", "ancient", daysAgo(400), 4 * MIB);

        AgeBands ages = survey(100).ages();

        assertThat(ages.uploads()).containsExactly(1L, 1L, 0L, 0L, 0L, 1L);
        assertThat(ages.bytes()).containsExactly(MIB, 2 * MIB, 0L, 0L, 0L, 4 * MIB);
    }

    @Test
    void whenTheListPartsBudgetRunsOutTheBytesAreALowerBound() {
        Long[] parts = new Long[2_500];
        java.util.Arrays.fill(parts, MIB);
        store.upload("exports", "big", daysAgo(3), parts).upload("exports", "later", daysAgo(3), MIB);

        UploadInventory inventory = survey(2);

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

        UploadInventory inventory = survey(0);

        assertThat(inventory.uploads()).isEqualTo(1);
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(store.calls).noneMatch(call -> call.contains("ListParts"));
    }

    @Test
    void anUploadWhosePartsAreDeniedIsCountedWithoutBytesAndIsNotAFailure() {
        store.upload("exports", "kms", daysAgo(3), 7 * MIB).upload("exports", "plain", daysAgo(3), 2 * MIB)
                .failing("exports", "ListParts/kms", "AccessDenied");

        UploadInventory inventory = survey(100);

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

        UploadInventory inventory = survey(100);

        assertThat(inventory.uploads()).isZero();
        assertThat(inventory.error()).isEmpty();
    }

    @Test
    void aDefectCostsTheFiguresAndIsLoggedWithItsDetailWhileARefusalIsNot() {
        store.upload("exports", "u1", daysAgo(3), MIB).failing("exports", "ListMultipartUploads", "AccessDenied");
        survey(100);
        assertThat(unexpected).as("S3's refusal is expected").isEmpty();

        InMemoryS3Account broken = new InMemoryS3Account() {
            @Override
            public void forEachUpload(BucketRef bucket, Consumer<IncompleteUpload> action) {
                throw new IllegalStateException("a defect");
            }
        };
        UploadInventory inventory = new UploadSurvey(broken, new UploadSettings(true, 100, Optional.empty(), false), new FixedPrice(BigDecimal.ONE),
                CLOCK, (bucket, stage, failure) -> unexpected.add(bucket.name() + " " + stage + " " + failure.getMessage())).survey(BUCKET, stale::add);

        assertThat(inventory.error()).contains("IllegalStateException");
        assertThat(unexpected).containsExactly("exports upload-survey a defect");
    }

    @Test
    void aRefusedListingIsAnInventoryErrorNotAnException() {
        store.failing("exports", "ListMultipartUploads", "AccessDenied");

        UploadInventory inventory = survey(100);

        assertThat(inventory.error()).contains("AccessDenied");
        assertThat(inventory.bytesExact()).isFalse();
        assertThat(inventory.lowerBoundBecause()).containsExactly("inventory-error");
    }

    @Test
    void everyUploadIsHandedOverWithItsBytesAndNoneIsAborted() {
        store.upload("exports", "old", daysAgo(8), 5 * MIB, MIB).upload("exports", "young", daysAgo(1), 4 * MIB);

        UploadInventory inventory = found(true, 100, true);

        assertThat(stale).extracting(upload -> upload.upload().uploadId() + " " + upload.bytes()).containsExactly("old " + 6 * MIB, "young " + 4 * MIB);
        assertThat(inventory.aborted()).isZero();
        assertThat(store.calls).noneMatch(call -> call.contains("AbortMultipartUpload"));
    }

    @Test
    void eachUploadIsHandedOverAsSoonAsItIsMeasuredNotAfterTheListing() {
        store.upload("exports", "first", daysAgo(9), MIB).upload("exports", "second", daysAgo(9), MIB);
        List<String> order = new ArrayList<>();
        UploadSurvey survey = surveyOf(new UploadSettings(true, 100, Optional.empty(), true), new FixedPrice(BigDecimal.ONE));

        survey.survey(BUCKET, upload -> order.add("handed " + upload.upload().uploadId() + " after " + store.calls.size() + " calls"));

        assertThat(order).containsExactly("handed first after 2 calls", "handed second after 3 calls");
    }

    @Test
    void whatTheActionOnAnUploadThrowsEndsTheSurveyAndIsThrownAsItWas() {
        store.upload("exports", "first", daysAgo(9), MIB).upload("exports", "second", daysAgo(9), MIB);
        UploadSurvey survey = surveyOf(new UploadSettings(true, 100, Optional.empty(), true), new FixedPrice(BigDecimal.ONE));
        BucketCallException tagsRefused = new BucketCallException("GetBucketTagging", "AccessDenied", "refused", null);

        assertThatThrownBy(() -> survey.survey(BUCKET, upload -> {
            throw tagsRefused;
        })).isSameAs(tagsRefused);
        assertThat(store.calls).doesNotContain("exports/ListParts/second");
    }

    @Test
    void withoutTheInventoryUploadsAreCountedButNoPartIsListed() {
        store.upload("exports", "old", daysAgo(30), 5 * MIB);

        UploadInventory inventory = found(false, 100, true);

        assertThat(inventory.uploads()).isEqualTo(1);
        assertThat(inventory.bytesMeasured()).isFalse();
        assertThat(stale).hasSize(1);
        assertThat(store.calls).containsExactly("exports/ListMultipartUploads");
    }
}
