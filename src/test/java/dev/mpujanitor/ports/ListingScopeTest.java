package dev.mpujanitor.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingScopeTest {

    @Test
    void aRunOverEveryBucketListsBothKinds() {
        assertThat(ListingScope.of(Optional.empty())).isEqualTo(ListingScope.EVERY_BUCKET).isEqualTo(new ListingScope("", true, true));
    }

    @Test
    void aRunOverGeneralPurposeBucketsListsNoDirectoryBucketAndTheOtherWayRound() {
        assertThat(ListingScope.of(Optional.of(Set.of("logs-2025", "logs-2026")))).isEqualTo(new ListingScope("logs-202", true, false));
        assertThat(ListingScope.of(Optional.of(Set.of("analytics--use1-az4--x-s3")))).isEqualTo(new ListingScope("analytics--use1-az4--x-s3", false, true));
        assertThat(ListingScope.of(Optional.of(Set.of("logs", "logs--use1-az4--x-s3")))).isEqualTo(new ListingScope("logs", true, true));
    }

    @Test
    void aBucketIsIncludedByItsNameAndItsKind() {
        ListingScope generalPurpose = new ListingScope("logs", true, false);

        assertThat(generalPurpose.includes("logs-2026")).isTrue();
        assertThat(generalPurpose.includes("logs--use1-az4--x-s3")).isFalse();
        assertThat(generalPurpose.includes("reports")).isFalse();
    }
}
