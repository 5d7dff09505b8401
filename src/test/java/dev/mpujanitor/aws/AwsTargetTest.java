package dev.mpujanitor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

class AwsTargetTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "eu-west-1, true", "us-east-1, true", "cn-north-1, true", "us-gov-west-1, true",
        // Named as the aws partition names its regions: one newer than this build of the SDK.
        "eu-south-9, true",
        "xx-nowhere-1, false", "EU-WEST-1, false", "eu-west, false", "localhost, false"})
    void aRegionIsAwssWhenAPartitionListsItOrNamesItsRegionsAlike(String region, boolean aws) {
        assertThat(AwsTarget.isAwsRegion(Region.of(region))).isEqualTo(aws);
    }
}
