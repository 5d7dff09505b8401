package dev.mpujanitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketExclusionsTest {

    private final BucketExclusions exclusions = new BucketExclusions(List.of("logs-*", "prod-critical", "cdn-??"), false);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(value = {
        "logs-2024,logs-*", "logs-,logs-*", "prod-critical,prod-critical", "cdn-eu,cdn-??",
        "prod-critical-2,NONE", "cdn-eu1,NONE", "app-logs-2024,NONE", "logs,NONE", "logs.x,NONE"}, nullValues = "NONE")
    void namePatternsAreGlobsOverTheWholeName(String bucket, String pattern) {
        assertThat(exclusions.patternMatching(bucket).orElse(null)).isEqualTo(pattern);
    }

    @Test
    void aDotInAPatternIsADotNotAnyCharacter() {
        BucketExclusions dotted = new BucketExclusions(List.of("a.b"), false);

        assertThat(dotted.patternMatching("a.b")).isPresent();
        assertThat(dotted.patternMatching("axb")).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"true,true", "TRUE,true", "' true ',true", "false,false", "yes,false", "'',false"})
    void theOptOutTagExcludesOnlyWhenTrue(String value, boolean excluded) {
        assertThat(exclusions.byTags(Map.of(BucketExclusions.OPT_OUT_TAG, value)).isPresent()).isEqualTo(excluded);
    }

    @Test
    void aCloudFormationBucketIsReportedByDefaultAndRemediatedWhenAskedTo() {
        Map<String, String> tags = Map.of(BucketExclusions.CLOUDFORMATION_STACK_TAG, "data-platform");

        assertThat(exclusions.byTags(tags)).contains(new BucketExclusions.Exclusion.ManagedByStack("data-platform"));
        assertThat(new BucketExclusions(List.of(), true).byTags(tags)).isEmpty();
    }

    @Test
    void theOptOutTagWinsEvenWhenIacBucketsAreRemediated() {
        Map<String, String> tags = Map.of(BucketExclusions.CLOUDFORMATION_STACK_TAG, "s", BucketExclusions.OPT_OUT_TAG, "true");

        assertThat(new BucketExclusions(List.of(), true).byTags(tags)).contains(new BucketExclusions.Exclusion.OptOutTag());
    }

    @Test
    void untaggedBucketsAreNotExcluded() {
        assertThat(exclusions.byTags(Map.of())).isEmpty();
        assertThat(exclusions.byTags(Map.of("team", "data"))).isEmpty();
    }
}
