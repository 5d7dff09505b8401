package dev.mpujanitor.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mpujanitor.ports.Price;
import dev.mpujanitor.ports.PriceSource;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.StorageClass;

class ListPricesTest {

    private final ListPrices prices = ListPrices.builtIn();

    /** Every commercial region, as the AWS Region list has them in 2026. */
    private static final List<String> COMMERCIAL_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "ca-west-1", "mx-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
            "eu-south-1", "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
            "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
            "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7");

    @Test
    void everyCommercialRegionHasAPriceOfItsOwnForEveryStorageClassButExpressOneZone() {
        assertThat(prices.regions()).containsExactlyInAnyOrderElementsOf(COMMERCIAL_REGIONS);
        for (String region : COMMERCIAL_REGIONS) {
            for (String storageClass : BillingRules.PRICED.stream().filter(priced -> !priced.equals("EXPRESS_ONEZONE")).toList()) {
                Price price = prices.of(region, storageClass);
                assertThat(price.usdPerGbMonth()).as("%s %s", region, storageClass).isPositive().isLessThan(java.math.BigDecimal.ONE);
                assertThat(price.source()).isEqualTo(PriceSource.TABLE);
                assertThat(price.region()).isEqualTo(region);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource({"us-east-1,STANDARD,0.023", "us-east-1,STANDARD_IA,0.0125", "us-east-1,ONEZONE_IA,0.01", "us-east-1,GLACIER_IR,0.004",
        "us-east-1,EXPRESS_ONEZONE,0.11",
        "eu-west-1,STANDARD,0.023", "ap-northeast-2,STANDARD,0.025", "sa-east-1,STANDARD,0.0405", "eu-central-1,STANDARD,0.0245"})
    void theListPricesAreThoseAwsPublishes(String region, String storageClass, String usd) {
        assertThat(prices.of(region, storageClass).usdPerGbMonth()).isEqualByComparingTo(usd);
    }

    @Test
    void aRegionWithoutAListPriceIsPricedAsUsEast1AndSaysSo() {
        Price price = prices.of("default", "STANDARD");

        assertThat(price.region()).isEqualTo("us-east-1");
        assertThat(price.usdPerGbMonth()).isEqualByComparingTo("0.023");
    }

    /** The Regions with directory buckets but us-east-1, as the S3 User Guide lists them; no Express One Zone price was found for them. */
    @ParameterizedTest
    @ValueSource(strings = {"us-east-2", "us-west-2", "ap-south-1", "ap-northeast-1", "eu-west-1", "eu-north-1"})
    void anExpressOneZoneUploadOutsideUsEast1IsPricedAtUsEast1sFigureAndSaysSo(String region) {
        Price price = prices.of(region, "EXPRESS_ONEZONE");

        assertThat(price.usdPerGbMonth()).isEqualByComparingTo("0.11");
        assertThat(price.region()).isEqualTo("us-east-1");
        assertThat(price.source()).isEqualTo(PriceSource.TABLE);
        assertThat(prices.of(region, "STANDARD").region()).as("the region's own classes keep its own prices").isEqualTo(region);
    }

    @Test
    void aTableWithoutAUsEast1FigureIsRefusedSinceUsEast1StandsInForTheRegionsWithout() {
        String table = "region\tlocation\tSTANDARD\tEXPRESS_ONEZONE\n"
                + "us-east-1\tUS East (N. Virginia)\t0.023\t-\n";

        assertThatThrownBy(() -> ListPrices.parse(new BufferedReader(new StringReader(table))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EXPRESS_ONEZONE");
    }

    @Test
    void aPartOfAGlacierUploadIsBilledAsStandard() {
        assertThat(BillingRules.billedAs("GLACIER")).isEqualTo("STANDARD");
        assertThat(BillingRules.billedAs("DEEP_ARCHIVE")).isEqualTo("STANDARD");
        assertThat(BillingRules.billedAs("STANDARD_IA")).isEqualTo("STANDARD_IA");
        assertThat(BillingRules.billedAs("INTELLIGENT_TIERING")).isEqualTo("INTELLIGENT_TIERING");
        assertThat(BillingRules.billedAs(null)).as("no class said is Standard").isEqualTo("STANDARD");
        assertThat(BillingRules.billedAs("SOMETHING_NEW")).isEqualTo("STANDARD");
    }

    @Test
    void aPartOfAnExpressOneZoneUploadIsBilledAsExpressOneZoneNotAsStandard() {
        assertThat(BillingRules.billedAs(StorageClass.EXPRESS_ONEZONE.toString())).as("the class the SDK lists a directory bucket's upload with")
                .isEqualTo("EXPRESS_ONEZONE");
    }

    @Test
    void aGigabyteIsTwoToTheThirtyBytes() {
        Price standard = prices.of("us-east-1", "STANDARD");

        assertThat(standard.monthlyCost(1L << 30)).isEqualByComparingTo("0.023");
        assertThat(standard.monthlyCost(1_000_000_000L)).isEqualByComparingTo("0.02142042");
    }
}
